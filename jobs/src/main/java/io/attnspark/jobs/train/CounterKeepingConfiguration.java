package io.attnspark.jobs.train;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;

/**
 * Works around a DL4J 1.0.0-M2 defect: {@link ComputationGraphConfiguration#clone()} resets the
 * iteration and epoch counters to 0. Every dl4j-spark worker builds its model from a clone of the
 * configuration, so without this Adam's bias correction restarts at step 1 in every averaging round
 * and distributed training diverges from single-machine training. This subclass keeps the counters.
 */
final class CounterKeepingConfiguration extends ComputationGraphConfiguration {
    private static final long serialVersionUID = 1L;

    @Override
    public ComputationGraphConfiguration clone() {
        ComputationGraphConfiguration copy = super.clone();
        copy.setIterationCount(getIterationCount());
        copy.setEpochCount(getEpochCount());
        return copy;
    }

    /** The same model (parameters and updater state shared) on a configuration whose clone keeps counters. */
    static ComputationGraph wrap(ComputationGraph model) {
        if (model.getConfiguration() instanceof CounterKeepingConfiguration) {
            return model;
        }
        CounterKeepingConfiguration conf = new CounterKeepingConfiguration();
        copyFields(model.getConfiguration(), conf);
        ComputationGraph wrapped = new ComputationGraph(conf);
        wrapped.init(model.params(), false);
        if (model.getUpdater(false) != null && model.getUpdater().getStateViewArray() != null) {
            wrapped.getUpdater().getStateViewArray().assign(model.getUpdater().getStateViewArray());
        }
        return wrapped;
    }

    private static void copyFields(ComputationGraphConfiguration from, ComputationGraphConfiguration to) {
        for (Field field : ComputationGraphConfiguration.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers())) {
                continue;
            }
            try {
                field.setAccessible(true);
                field.set(to, field.get(from));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot copy configuration field " + field.getName(), e);
            }
        }
    }
}
