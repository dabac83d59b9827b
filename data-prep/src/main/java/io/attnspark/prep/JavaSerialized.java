package io.attnspark.prep;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A value carried as its Java serialization, for Spark broadcasts. Spark serializes broadcasts with the
 * configured serializer, and Spark's Kryo 4 cannot rebuild Java records or the immutable collections of
 * {@code List.of}; a byte array it always can. The value is deserialized once per JVM that holds the broadcast
 * (so caches inside it, such as the BPE segmentation cache, are shared by all tasks of an executor).
 */
public final class JavaSerialized<T extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final byte[] bytes;
    private transient volatile T value;

    private JavaSerialized(byte[] bytes, T value) {
        this.bytes = bytes;
        this.value = value;
    }

    public static <T extends Serializable> JavaSerialized<T> of(T value) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
            out.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize " + value.getClass().getName(), e);
        }
        return new JavaSerialized<>(buffer.toByteArray(), value);
    }

    /** The value (deserialized on first use in this JVM). */
    @SuppressWarnings("unchecked")
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    try (ObjectInputStream in = new ContextClassLoaderInput(new ByteArrayInputStream(bytes))) {
                        v = (T) in.readObject();
                    } catch (IOException | ClassNotFoundException e) {
                        throw new IllegalStateException("cannot deserialize a broadcast value", e);
                    }
                    value = v;
                }
            }
        }
        return v;
    }

    /** Resolves classes with the thread's context class loader, which on a Spark executor sees the job's jars. */
    private static final class ContextClassLoaderInput extends ObjectInputStream {
        ContextClassLoaderInput(InputStream in) throws IOException {
            super(in);
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            if (loader == null) {
                return super.resolveClass(desc);
            }
            try {
                return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
                return super.resolveClass(desc);
            }
        }
    }
}
