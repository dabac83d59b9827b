package io.attnspark.nn;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The teacher-forced pass of {@link InputFeedingDecoderVertex} over a whole batch, forward and backward (back-propagation
 * through time written out in ND4J ops): for t = 0 .. T-1
 *
 * <pre>
 * x_t  = [emb_t; att_{t-1}]                       (att_{-1} = 0; dropout on every layer's input in training)
 * h_t  = stacked cells (x_t)                      ({@link FeedingLayers})
 * c_t  = sum_s alpha_ts e_s                       ({@link FeedingAttention})
 * att_t = tanh(W_c [c_t; h_t] + b_c)               output at t: att_t mask_t
 * </pre>
 *
 * Padding is at the end of each target, so what the recurrence computes after a row's last real step never reaches one
 * of its real outputs; the outputs there are zero and get no gradient.
 */
final class InputFeedingPass {
    private final InputFeedingDecoderVertex conf;
    private final Map<String, INDArray> p;

    /**
     * A forward pass and what its backward pass needs.
     *
     * @param cat    [c_t; h_t] of every step [T*B, C + n], row t*B + i
     * @param att    att_t of every step [T*B, A]
     * @param mask   the target mask as a column [T*B, 1], null for none
     * @param output the vertex output [B, A, T]
     * @param embSize size E of the target embeddings
     */
    record Forward(FeedingLayers layers, FeedingAttention attention, List<FeedingAttention.Step> steps, INDArray cat,
                   INDArray att, INDArray mask, INDArray output, long batch, long time, long embSize) {
    }

    InputFeedingPass(InputFeedingDecoderVertex conf, Map<String, INDArray> params) {
        this.conf = conf;
        this.p = params;
    }

    /**
     * @param emb     target embeddings [B, E, T]
     * @param enc     encoder states [B, C, S]
     * @param tgtMask [B, T] or null; srcMask [B, S] or null (1 = token, 0 = padding)
     * @param dropout whether to drop out the layer inputs (training with a retain probability below 1)
     */
    Forward forward(INDArray emb, INDArray enc, INDArray tgtMask, INDArray srcMask, boolean dropout) {
        DataType type = emb.dataType();
        long b = emb.size(0);
        long e = emb.size(1);
        long time = emb.size(2);
        long n = conf.getHiddenSize();
        long a = conf.getAttentionalSize();
        long c = conf.getEncoderSize();
        long[] inputSizes = new long[conf.getLayers()];
        INDArray[] drop = new INDArray[inputSizes.length];
        for (int l = 0; l < inputSizes.length; l++) {
            inputSizes[l] = l == 0 ? e + a : n;
            if (dropout && conf.getRetain() < 1.0) {
                drop[l] = Nd4j.create(type, time * b, inputSizes[l]);
                Nd4j.getExecutioner().exec(new BernoulliDistribution(drop[l], conf.getRetain()));
                drop[l].divi(conf.getRetain());
            }
        }
        FeedingLayers layers = new FeedingLayers(conf.getCell(), p, inputSizes, n, b, time, drop, type);
        FeedingAttention attention = new FeedingAttention(conf.getScore(), conf.getWindow(), p, enc, srcMask, n);
        INDArray embs = emb.permute(2, 0, 1).dup('c').reshape('c', time * b, e);     // [T*B, E]
        INDArray cat = Nd4j.create(type, time * b, c + n);
        INDArray att = Nd4j.create(type, time * b, a);
        INDArray wc = p.get(GlobalAttentionVertex.PARAM_WC);
        INDArray bc = p.get(GlobalAttentionVertex.PARAM_BC);
        List<FeedingAttention.Step> steps = new ArrayList<>((int) time);
        INDArray feed = Nd4j.zeros(type, b, a);
        for (int t = 0; t < time; t++) {
            INDArray x = layers.input(t);
            cols(x, 0, e).assign(embs.get(rows(t, b), NDArrayIndex.all()));
            cols(x, e, e + a).assign(feed);
            INDArray h = layers.forward(t);
            FeedingAttention.Step st = attention.forward(h);
            steps.add(st);
            INDArray catT = cat.get(rows(t, b), NDArrayIndex.all());
            cols(catT, 0, c).assign(st.ctx());
            cols(catT, c, c + n).assign(h);
            INDArray attT = att.get(rows(t, b), NDArrayIndex.all());
            Nd4j.gemm(catT, wc, attT, false, false, 1.0, 0.0);
            Transforms.tanh(attT.addiRowVector(bc), false);
            feed = attT;
        }
        INDArray output = att.reshape('c', time, b, a).permute(1, 2, 0).dup('c');        // [B, A, T]
        INDArray maskCol = null;
        if (tgtMask != null) {
            INDArray m = tgtMask.castTo(type);
            output.muli(m.reshape('c', b, 1, time));
            maskCol = m.transpose().dup('c').reshape('c', time * b, 1);
        }
        return new Forward(layers, attention, steps, cat, att, maskCol, output, b, time, e);
    }

    /**
     * Gradients of the loss given {@code epsilon} = dL/d output [B, A, T].
     *
     * @param grads receives dL/d every parameter, by name (new arrays)
     * @return {dL/d emb [B, E, T], dL/d enc [B, C, S]}
     */
    INDArray[] backward(Forward f, INDArray epsilon, Map<String, INDArray> grads) {
        long b = f.batch();
        long time = f.time();
        long a = conf.getAttentionalSize();
        long c = conf.getEncoderSize();
        long n = conf.getHiddenSize();
        long e = f.embSize();
        p.forEach((k, v) -> grads.put(k, Nd4j.zerosLike(v)));
        DataType type = f.att().dataType();
        INDArray eps = epsilon.castTo(type).permute(2, 0, 1).dup('c').reshape('c', time * b, a);
        if (f.mask() != null) {
            eps.muliColumnVector(f.mask());
        }
        INDArray dPre = Nd4j.create(type, time * b, a);
        INDArray dEmb = Nd4j.create(type, time * b, e);
        INDArray wcT = p.get(GlobalAttentionVertex.PARAM_WC).transpose();
        INDArray dFeed = Nd4j.zeros(type, b, a);
        for (int t = (int) time - 1; t >= 0; t--) {
            INDArray attT = f.att().get(rows(t, b), NDArrayIndex.all());
            INDArray dPreT = dPre.get(rows(t, b), NDArrayIndex.all());
            dPreT.assign(eps.get(rows(t, b), NDArrayIndex.all()).add(dFeed).muli(attT.mul(attT).rsubi(1.0)));
            INDArray dCat = dPreT.mmul(wcT);                                          // [B, C + n]
            INDArray dh = cols(dCat, c, c + n).dup();
            dh.addi(f.attention().backward(f.steps().get(t), cols(dCat, 0, c), grads));
            INDArray dx = f.layers().backward(t, dh);                                // [B, E + A]
            dEmb.get(rows(t, b), NDArrayIndex.all()).assign(cols(dx, 0, e));
            dFeed = cols(dx, e, e + a).dup();
        }
        grads.get(GlobalAttentionVertex.PARAM_WC).assign(f.cat().transpose().mmul(dPre));
        grads.get(GlobalAttentionVertex.PARAM_BC).assign(dPre.sum(true, 0));
        f.layers().gradients(grads);
        INDArray dEnc = f.attention().finish(grads);
        return new INDArray[] {dEmb.reshape('c', time, b, e).permute(1, 2, 0).dup('c'), dEnc};
    }

    private static INDArrayIndex rows(long t, long batch) {
        return NDArrayIndex.interval(t * batch, (t + 1) * batch);
    }

    private static INDArray cols(INDArray x, long from, long to) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to));
    }
}
