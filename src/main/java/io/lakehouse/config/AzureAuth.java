package io.lakehouse.config;

import java.nio.file.Path;

/**
 * The {@code credentials:} section of an {@code azure} storage profile, checked and with its secrets resolved when
 * the catalog is loaded. {@code storage.azure.AzureCredentials} turns it into the Blob SDK's credentials.
 */
public sealed interface AzureAuth {
  /** The kind as the catalog spells it ({@code sas}, {@code client-secret}, ...). */
  String kind();

  /** The storage account's shared key. */
  record AccountKey(Secret key) implements AzureAuth {
    @Override
    public String kind() {
      return "account-key";
    }
  }

  /** A shared access signature. */
  record Sas(Secret token) implements AzureAuth {
    @Override
    public String kind() {
      return "sas";
    }
  }

  /** An Azure AD application with a client secret. */
  record ClientSecret(String tenantId, String clientId, Secret clientSecret, Authority authority)
      implements AzureAuth {
    @Override
    public String kind() {
      return "client-secret";
    }
  }

  /**
   * An Azure AD application with a certificate.
   *
   * @param certificate PEM, or PFX when it ends in {@code .pfx} / {@code .p12}
   * @param certificatePassword the PFX password, or null
   */
  record ClientCertificate(String tenantId, String clientId, Path certificate, Secret certificatePassword,
      Authority authority) implements AzureAuth {
    @Override
    public String kind() {
      return "client-certificate";
    }

    /** Whether the certificate file is PKCS#12 (else PEM). */
    public boolean pfx() {
      String name = certificate.toString();
      return name.endsWith(".pfx") || name.endsWith(".p12");
    }
  }

  /** The managed identity of the VM, container or function. */
  record ManagedIdentity(String clientId) implements AzureAuth {
    @Override
    public String kind() {
      return "managed-identity";
    }
  }

  /**
   * Azure AD workload identity federation (AKS). Null fields are read by azure-identity from
   * {@code AZURE_TENANT_ID}, {@code AZURE_CLIENT_ID} and {@code AZURE_FEDERATED_TOKEN_FILE}.
   */
  record WorkloadIdentity(String tenantId, String clientId, Path tokenFile, Authority authority)
      implements AzureAuth {
    @Override
    public String kind() {
      return "workload-identity";
    }
  }

  /** azure-identity's DefaultAzureCredential. */
  record DefaultChain() implements AzureAuth {
    @Override
    public String kind() {
      return "default-chain";
    }
  }

  /**
   * Which Azure AD the Azure AD kinds ask for tokens.
   *
   * @param host the authority host, or null for the public cloud
   * @param instanceDiscovery false for an authority Microsoft does not know (a private one)
   */
  record Authority(String host, boolean instanceDiscovery) {
    public static final Authority PUBLIC_CLOUD = new Authority(null, true);
  }
}
