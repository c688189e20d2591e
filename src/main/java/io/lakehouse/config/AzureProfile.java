package io.lakehouse.config;

import java.util.List;

/**
 * An {@code azure} profile: Blob Storage and ADLS Gen2, read through the Blob API.
 *
 * @param account the storage account of {@code az://} locations and of the endpoint
 * @param endpoint the account's Blob endpoint (private link, Azurite), or null for
 *     {@code https://<account>.blob.core.windows.net}
 */
public record AzureProfile(String name, String account, String endpoint, TrustStore trustStore,
    AzureAuth credentials, List<String> prefixes) implements StorageProfile {
  @Override
  public String type() {
    return "azure";
  }

  @Override
  public String credentialKind() {
    return credentials.kind();
  }

  /** Never prints credentials. */
  @Override
  public String toString() {
    return StorageProfile.describe(this);
  }
}
