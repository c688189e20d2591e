package io.lakehouse.architecture;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure docs/architecture.md draws, checked on the driver's compiled classes: no package depends
 * on another that depends back on it (every package, sub-packages counted as packages of their own), and each layer
 * uses only the layers below it.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.lakehouse");
  }

  @Test
  void noPackageCycles() {
    slices().matching("io.lakehouse.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void layersOnlyUseTheLayersBelowThem() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("cli").definedBy("io.lakehouse.cli..")
        .layer("jdbc").definedBy("io.lakehouse.jdbc..")
        .layer("sql").definedBy("io.lakehouse.sql..")
        .layer("security").definedBy("io.lakehouse.security..")
        .layer("engine").definedBy("io.lakehouse.engine..")
        .layer("cache").definedBy("io.lakehouse.cache..")
        .layer("table").definedBy("io.lakehouse.table..")
        .layer("storage").definedBy("io.lakehouse.storage..")
        .layer("config").definedBy("io.lakehouse.config..")
        .layer("errors").definedBy("io.lakehouse")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("jdbc").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("sql").mayOnlyBeAccessedByLayers("jdbc", "cli")
        .whereLayer("security").mayOnlyBeAccessedByLayers("sql", "jdbc", "cli")
        .whereLayer("engine").mayOnlyBeAccessedByLayers("sql", "jdbc", "cli")
        .whereLayer("cache").mayOnlyBeAccessedByLayers("sql", "jdbc", "cli")
        .whereLayer("table").mayOnlyBeAccessedByLayers("engine", "security", "sql", "jdbc", "cli")
        .whereLayer("storage").mayOnlyBeAccessedByLayers("table", "engine", "security", "sql", "jdbc", "cli")
        .whereLayer("config").mayOnlyBeAccessedByLayers("storage", "table", "engine", "security", "cache", "sql",
            "jdbc", "cli")
        .check(classes);
  }
}
