package io.lakehouse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checked-in DelegatingResultSet is exactly what its generator writes: the two cannot drift apart. */
class DelegatingResultSetGeneratorTest {
  @Test
  void checkedInFileIsTheGeneratorsOutput() throws Exception {
    Path file = Path.of(System.getProperty("basedir", ".")).resolve(DelegatingResultSetGenerator.TARGET);
    assertTrue(Files.isRegularFile(file), file + " not found (run from the project directory)");
    String checkedIn = Files.readString(file, StandardCharsets.UTF_8);
    String generated = DelegatingResultSetGenerator.generate();
    if (!generated.equals(checkedIn)) {
      String[] a = checkedIn.split("\n", -1);
      String[] b = generated.split("\n", -1);
      int line = 0;
      while (line < Math.min(a.length, b.length) && a[line].equals(b[line])) {
        line++;
      }
      assertEquals(line < b.length ? b[line] : "<end of file>", line < a.length ? a[line] : "<end of file>",
          DelegatingResultSetGenerator.TARGET + " differs from the generator's output at line " + (line + 1)
              + "; edit DelegatingResultSetGenerator, not the file, and regenerate it (see the generator's javadoc)");
    }
  }

  /** Every method ResultSet declares is forwarded, in the interface's order, each exactly once. */
  @Test
  void everyResultSetMethodIsForwarded() throws Exception {
    List<Method> methods = DelegatingResultSetGenerator.declaredInOrder(ResultSet.class);
    assertEquals(ResultSet.class.getDeclaredMethods().length, methods.size());
    assertEquals("next", methods.get(0).getName(), "declaration order starts with next()");
    for (Method m : methods) {
      Method forwarded = DelegatingResultSet.class.getDeclaredMethod(m.getName(), m.getParameterTypes());
      assertTrue(Modifier.isPublic(forwarded.getModifiers()), forwarded.toString());
      assertEquals(m.getReturnType(), forwarded.getReturnType(), forwarded.toString());
    }
  }
}
