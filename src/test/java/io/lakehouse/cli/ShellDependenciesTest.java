package io.lakehouse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The shell's libraries and the quiet SLF4J provider are the project's, not the application's: in pom.xml they are
 * optional, so a project that depends on the driver gets neither JLine nor an SLF4J provider.
 */
class ShellDependenciesTest {
  private static Map<String, Element> dependencies() throws Exception {
    Path pom = Path.of(System.getProperty("basedir", ".")).resolve("pom.xml");
    assertTrue(Files.isRegularFile(pom), pom.toString());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc = factory.newDocumentBuilder().parse(pom.toFile());
    Map<String, Element> byArtifact = new HashMap<>();
    // project/dependencies/dependency only (not dependencyManagement, not plugins)
    for (Node n = doc.getDocumentElement().getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals("dependencies")) {
        NodeList list = e.getElementsByTagName("dependency");
        for (int i = 0; i < list.getLength(); i++) {
          Element d = (Element) list.item(i);
          byArtifact.put(text(d, "groupId") + ":" + text(d, "artifactId"), d);
        }
      }
    }
    return byArtifact;
  }

  private static String text(Element e, String child) {
    NodeList l = e.getElementsByTagName(child);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
  }

  @Test
  void shellAndLoggingProviderAreNotPassedOnToApplications() throws Exception {
    Map<String, Element> deps = dependencies();
    for (String jline : List.of("jline-reader", "jline-terminal", "jline-terminal-jansi")) {
      assertEquals("true", text(deps.get("org.jline:" + jline), "optional"), jline + " is the shell's, optional");
    }
    Element nop = deps.get("org.slf4j:slf4j-nop");
    assertEquals("true", text(nop, "optional"), "slf4j-nop is optional");
    assertEquals("runtime", text(nop, "scope"), "nothing compiles against slf4j-nop");
    for (Map.Entry<String, Element> d : deps.entrySet()) {
      boolean provider = d.getKey().startsWith("org.slf4j:slf4j-") && !d.getKey().equals("org.slf4j:slf4j-api")
          || d.getKey().startsWith("ch.qos.logback:") || d.getKey().equals("org.apache.logging.log4j:log4j-slf4j2-impl");
      if (provider) {
        String scope = text(d.getValue(), "scope");
        assertTrue(scope.equals("test") || text(d.getValue(), "optional").equals("true"),
            d.getKey() + " would be an SLF4J provider forced on applications");
      }
    }
  }
}
