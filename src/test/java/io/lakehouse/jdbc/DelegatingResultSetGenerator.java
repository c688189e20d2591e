package io.lakehouse.jdbc;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes {@code src/main/java/io/lakehouse/jdbc/DelegatingResultSet.java} from the JDK's {@link ResultSet} by
 * reflection: one forwarding method per method {@code ResultSet} declares (not those it inherits from
 * {@code Wrapper}), in the interface's declaration order. Getters and updaters ({@code get*}, {@code update*}) turn
 * the unchecked exceptions DuckDB's getters throw into an SQLException; every other method forwards as it is.
 * {@code DelegatingResultSetGeneratorTest} fails when the checked-in file differs from what this writes.
 *
 * <p>Regenerate (e.g. after a JDK upgrade that adds methods to ResultSet):
 *
 * <pre>
 * mvn -B -o -q -P '!spark-fixtures' -DskipTests test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=io.lakehouse.jdbc.DelegatingResultSetGenerator \
 *   -Dexec.args=src/main/java/io/lakehouse/jdbc/DelegatingResultSet.java
 * </pre>
 */
public final class DelegatingResultSetGenerator {
  /** Where the generated class lives, relative to the project directory. */
  static final String TARGET = "src/main/java/io/lakehouse/jdbc/DelegatingResultSet.java";

  private static final String HEADER = """
      package io.lakehouse.jdbc;

      import io.lakehouse.SqlState;
      import java.sql.*;

      /**
       * Forwards every {@link ResultSet} method to another result set. Generated from the JDK's interface so that the
       * driver's own result set only spells out the methods whose behaviour it changes.
       *
       * <p>Do not edit: written by DelegatingResultSetGenerator (test sources), which says how to regenerate it;
       * DelegatingResultSetGeneratorTest fails when the two differ.
       */
      abstract class DelegatingResultSet implements ResultSet {
        protected final ResultSet delegate;

        DelegatingResultSet(ResultSet delegate) {
          this.delegate = delegate;
        }

        /** DuckDB's getters throw unchecked exceptions for a value of the wrong type; JDBC wants an SQLException. */
        static SQLException conversion(RuntimeException e) {
          return new io.lakehouse.LakehouseSqlException("Cannot convert the value: " + e, SqlState.INVALID_CAST, e);
        }
      """;

  private DelegatingResultSetGenerator() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : TARGET);
    Files.writeString(out, generate(), StandardCharsets.UTF_8);
    System.out.println("wrote " + out.toAbsolutePath());
  }

  /** The complete text of DelegatingResultSet.java. */
  static String generate() throws IOException {
    StringBuilder java = new StringBuilder(HEADER);
    for (Method m : declaredInOrder(ResultSet.class)) {
      java.append('\n');
      method(java, m);
    }
    return java.append("}\n").toString();
  }

  private static void method(StringBuilder java, Method m) {
    Type[] params = m.getGenericParameterTypes();
    List<String> declared = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < params.length; i++) {
      declared.add(type(params[i]) + " a" + i);
      names.add("a" + i);
    }
    String typeParameters = m.getTypeParameters().length == 0 ? ""
        : Arrays.stream(m.getTypeParameters()).map(DelegatingResultSetGenerator::typeParameter)
            .collect(Collectors.joining(", ", "<", "> "));
    String exceptions = m.getGenericExceptionTypes().length == 0 ? ""
        : Arrays.stream(m.getGenericExceptionTypes()).map(DelegatingResultSetGenerator::type)
            .collect(Collectors.joining(", ", " throws ", ""));
    String call = (m.getReturnType() == void.class ? "" : "return ") + "delegate." + m.getName() + "("
        + String.join(", ", names) + ");";
    java.append("  @Override\n");
    java.append("  public ").append(typeParameters).append(type(m.getGenericReturnType())).append(' ')
        .append(m.getName()).append('(').append(String.join(", ", declared)).append(')').append(exceptions)
        .append(" {\n");
    if (convertsRuntimeExceptions(m)) {
      java.append("    try {\n");
      java.append("      ").append(call).append('\n');
      java.append("    } catch (RuntimeException e) {\n");
      java.append("      throw conversion(e);\n");
      java.append("    }\n");
    } else {
      java.append("    ").append(call).append('\n');
    }
    java.append("  }\n");
  }

  /** Getters (and updaters) are where DuckDB converts values, and where it throws unchecked exceptions. */
  static boolean convertsRuntimeExceptions(Method m) {
    return m.getName().startsWith("get") || m.getName().startsWith("update");
  }

  private static String typeParameter(TypeVariable<?> v) {
    Type[] bounds = v.getBounds();
    if (bounds.length == 1 && bounds[0] == Object.class) {
      return v.getName();
    }
    return v.getName() + Arrays.stream(bounds).map(DelegatingResultSetGenerator::type)
        .collect(Collectors.joining(" & ", " extends ", ""));
  }

  /** A type as the generated source spells it: java.lang and java.sql (imported) by simple name, others in full. */
  static String type(Type t) {
    if (t instanceof Class<?> c) {
      if (c.isArray()) {
        return type(c.getComponentType()) + "[]";
      }
      if (c.isPrimitive()) {
        return c.getName();
      }
      String pkg = c.getPackageName();
      boolean imported = (pkg.equals("java.lang") || pkg.equals("java.sql")) && c.getEnclosingClass() == null;
      return imported ? c.getSimpleName() : c.getCanonicalName();
    }
    if (t instanceof ParameterizedType p) {
      return type(p.getRawType()) + Arrays.stream(p.getActualTypeArguments())
          .map(DelegatingResultSetGenerator::type).collect(Collectors.joining(", ", "<", ">"));
    }
    if (t instanceof WildcardType w) {
      if (w.getLowerBounds().length > 0) {
        return "? super " + type(w.getLowerBounds()[0]);
      }
      Type[] upper = w.getUpperBounds();
      return upper.length == 0 || upper[0] == Object.class ? "?" : "? extends " + type(upper[0]);
    }
    if (t instanceof TypeVariable<?> v) {
      return v.getName();
    }
    throw new IllegalArgumentException("type not supported by the generator: " + t);
  }

  /**
   * The abstract and default instance methods the interface itself declares, in declaration order. Reflection
   * returns methods in no particular order, so the order is read from the class file's method table (javac writes it
   * in source order); reflection supplies everything else.
   */
  static List<Method> declaredInOrder(Class<?> iface) throws IOException {
    Map<String, Method> byKey = new HashMap<>();
    for (Method m : iface.getDeclaredMethods()) {
      if (!Modifier.isStatic(m.getModifiers()) && !m.isSynthetic() && Modifier.isPublic(m.getModifiers())) {
        byKey.put(key(m), m);
      }
    }
    List<Method> ordered = new ArrayList<>();
    for (String k : classFileMethodOrder(iface)) {
      Method m = byKey.remove(k);
      if (m != null) {
        ordered.add(m);
      }
    }
    if (!byKey.isEmpty()) {
      throw new IllegalStateException("methods missing from the class file of " + iface + ": " + byKey.keySet());
    }
    return ordered;
  }

  private static String key(Method m) {
    return m.getName() + Arrays.stream(m.getParameterTypes()).map(Class::descriptorString)
        .collect(Collectors.joining("", "(", ")")) + m.getReturnType().descriptorString();
  }

  /** name + descriptor of each method in the class file's method table, in table order (JVMS 4.1). */
  private static List<String> classFileMethodOrder(Class<?> c) throws IOException {
    try (InputStream raw = c.getResourceAsStream(c.getSimpleName() + ".class")) {
      if (raw == null) {
        throw new IOException("class file of " + c.getName() + " not found");
      }
      DataInputStream in = new DataInputStream(raw);
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file: " + c.getName());
      }
      in.readUnsignedShort(); // minor
      in.readUnsignedShort(); // major
      int count = in.readUnsignedShort();
      String[] utf8 = new String[count];
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1 -> utf8[i] = in.readUTF();
          case 3, 4 -> in.readInt(); // Integer, Float
          case 5, 6 -> { // Long, Double: two entries
            in.readLong();
            i++;
          }
          case 7, 8, 16, 19, 20 -> in.readUnsignedShort(); // Class, String, MethodType, Module, Package
          case 9, 10, 11, 12, 17, 18 -> in.readInt(); // refs, NameAndType, Dynamic, InvokeDynamic
          case 15 -> { // MethodHandle
            in.readUnsignedByte();
            in.readUnsignedShort();
          }
          default -> throw new IOException("unknown constant pool tag " + tag + " in " + c.getName());
        }
      }
      in.readUnsignedShort(); // access flags
      in.readUnsignedShort(); // this class
      in.readUnsignedShort(); // super class
      in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
      int fields = in.readUnsignedShort();
      for (int i = 0; i < fields; i++) {
        in.skipNBytes(6);
        skipAttributes(in);
      }
      int methods = in.readUnsignedShort();
      List<String> order = new ArrayList<>();
      for (int i = 0; i < methods; i++) {
        in.readUnsignedShort(); // access flags
        String name = utf8[in.readUnsignedShort()];
        String descriptor = utf8[in.readUnsignedShort()];
        order.add(name + descriptor);
        skipAttributes(in);
      }
      return order;
    }
  }

  private static void skipAttributes(DataInputStream in) throws IOException {
    int attributes = in.readUnsignedShort();
    for (int a = 0; a < attributes; a++) {
      in.readUnsignedShort();
      in.skipNBytes(in.readInt() & 0xFFFFFFFFL);
    }
  }
}
