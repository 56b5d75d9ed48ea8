package io.skiff.apiserver.decode;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyMetadata;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.AnnotatedMethod;
import com.fasterxml.jackson.databind.introspect.AnnotationMap;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.AnyGetterWriter;
import com.fasterxml.jackson.databind.ser.BeanPropertyWriter;
import com.fasterxml.jackson.databind.ser.BeanSerializerBuilder;
import com.fasterxml.jackson.databind.ser.BeanSerializerFactory;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.std.MapSerializer;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A Jackson module that reads {@code @JsonAnyGetter} maps (fabric8's {@code additionalProperties}, on every model
 * class) through a generated accessor instead of {@link Method#invoke}. Blackbird does this for ordinary getters but
 * leaves the any-getter reflective, and the API server writes one per object it encodes: each call went through a
 * method handle that is not a constant at the call site, which is slow and makes the JIT compile a customized form
 * of every such handle. Any-getters with their own serializer annotation, or whose method cannot be reached, keep
 * Jackson's own writer; the output is the same either way.
 */
public final class GeneratedAnyGetters extends SimpleModule {

  public GeneratedAnyGetters() {
    super("skiff-generated-any-getters");
    setSerializerModifier(new Replacer());
  }

  private static final class Replacer extends BeanSerializerModifier {
    @Override
    public BeanSerializerBuilder updateBuilder(SerializationConfig config, BeanDescription bean, BeanSerializerBuilder builder) {
      List<BeanPropertyWriter> props = builder.getProperties();
      if (props == null) {
        return builder;
      }
      List<BeanPropertyWriter> replaced = null;
      for (int i = 0; i < props.size(); i++) {
        if (props.get(i) instanceof AnyGetterWriter any) {
          Optional<AnyGetterWriter> generated = generated(config, any);
          if (generated.isPresent()) {
            if (replaced == null) {
              replaced = new ArrayList<>(props);
            }
            replaced.set(i, generated.get());
          }
        }
      }
      if (replaced != null) {
        builder.setProperties(replaced);
      }
      return builder;
    }

    private static Optional<AnyGetterWriter> generated(SerializationConfig config, AnyGetterWriter any) {
      if (!(any.getMember() instanceof AnnotatedMethod method) || method.getParameterCount() != 0 || method.hasAnnotation(JsonSerialize.class)
          || !Map.class.isAssignableFrom(method.getRawType())) {
        return Optional.empty();
      }
      Optional<Function<Object, Object>> getter = getter(method.getAnnotated());
      if (getter.isEmpty()) {
        return Optional.empty();
      }
      JavaType mapType = method.getType();
      MapSerializer serializer = MapSerializer.construct((Set<String>) null, mapType, config.isEnabled(MapperFeature.USE_STATIC_TYPING),
          BeanSerializerFactory.instance.createTypeSerializer(config, mapType.getContentType()), null, null, null);
      GeneratedGetter accessor = new GeneratedGetter(method, getter.get());
      BeanProperty property = new BeanProperty.Std(PropertyName.construct(method.getName()), mapType, null, accessor,
          PropertyMetadata.STD_OPTIONAL);
      return Optional.of(new Writer(any, property, accessor, serializer));
    }
  }

  /** {@code method} as a generated function of the bean, when it is public in a public class; empty otherwise. */
  @SuppressWarnings("unchecked")
  static Optional<Function<Object, Object>> getter(Method method) {
    if (!Modifier.isPublic(method.getModifiers()) || !Modifier.isPublic(method.getDeclaringClass().getModifiers())) {
      return Optional.empty();
    }
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      MethodHandle target = MethodHandles.publicLookup().unreflect(method);
      CallSite site = LambdaMetafactory.metafactory(lookup, "apply", MethodType.methodType(Function.class),
          MethodType.methodType(Object.class, Object.class), target, MethodType.methodType(method.getReturnType(), method.getDeclaringClass()));
      return Optional.of((Function<Object, Object>) site.getTarget().invokeExact());
    } catch (Throwable e) {
      return Optional.empty();
    }
  }

  /** Jackson's any-getter writer over the generated accessor (its own class, so that tests can tell it from Jackson's). */
  static final class Writer extends AnyGetterWriter {
    private static final long serialVersionUID = 1L;

    Writer(BeanPropertyWriter parent, BeanProperty property, AnnotatedMember accessor, MapSerializer serializer) {
      super(parent, property, accessor, serializer);
    }
  }

  /** An any-getter's method whose value is read through a generated function; everything else is the method's. */
  private static final class GeneratedGetter extends AnnotatedMember {
    private static final long serialVersionUID = 1L;
    private final transient AnnotatedMethod method;
    private final transient Function<Object, Object> getter;

    GeneratedGetter(AnnotatedMethod method, Function<Object, Object> getter) {
      super(method);
      this.method = method;
      this.getter = getter;
    }

    @Override
    public Object getValue(Object pojo) {
      return getter.apply(pojo);
    }

    @Override
    public void setValue(Object pojo, Object value) {
      method.setValue(pojo, value);
    }

    @Override
    public Annotated withAnnotations(AnnotationMap fallback) {
      return new GeneratedGetter(method.withAnnotations(fallback), getter);
    }

    @Override
    public Class<?> getDeclaringClass() {
      return method.getDeclaringClass();
    }

    @Override
    public Member getMember() {
      return method.getMember();
    }

    @Override
    public java.lang.reflect.AnnotatedElement getAnnotated() {
      return method.getAnnotated();
    }

    @Override
    protected int getModifiers() {
      return method.getModifiers();
    }

    @Override
    public String getName() {
      return method.getName();
    }

    @Override
    public JavaType getType() {
      return method.getType();
    }

    @Override
    public Class<?> getRawType() {
      return method.getRawType();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof GeneratedGetter g && g.method.equals(method);
    }

    @Override
    public int hashCode() {
      return method.hashCode();
    }

    @Override
    public String toString() {
      return "[generated any-getter " + method.getFullName() + "]";
    }
  }
}
