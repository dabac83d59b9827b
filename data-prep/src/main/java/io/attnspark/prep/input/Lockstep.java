package io.attnspark.prep.input;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.BiFunction;

/** Walks two partitions' iterators in lock step, combining their elements; fails when one ends first. */
final class Lockstep<A, B, R> implements Iterator<R> {
    private final Iterator<A> a;
    private final Iterator<B> b;
    private final String unevenMessage;
    private final BiFunction<A, B, R> combine;

    Lockstep(Iterator<A> a, Iterator<B> b, String unevenMessage, BiFunction<A, B, R> combine) {
        this.a = a;
        this.b = b;
        this.unevenMessage = unevenMessage;
        this.combine = combine;
    }

    @Override
    public boolean hasNext() {
        boolean more = a.hasNext();
        if (more != b.hasNext()) {
            throw new IllegalStateException(unevenMessage);
        }
        return more;
    }

    @Override
    public R next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return combine.apply(a.next(), b.next());
    }
}
