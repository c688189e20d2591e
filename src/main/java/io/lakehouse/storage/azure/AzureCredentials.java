package io.lakehouse.storage.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.identity.AadCredentialBuilderBase;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import io.lakehouse.config.AzureAuth;

/**
 * The Blob SDK credentials for a profile's parsed credentials ({@link AzureAuth}): the account's shared key, a SAS
 * token, or an Azure AD {@link TokenCredential} from azure-identity, which refreshes its tokens before they expire.
 */
final class AzureCredentials {
  private AzureCredentials() {}

  /**
   * Sets the credentials of one account's Blob service client.
   *
   * @param http the client with the profile's trust store (also for the Azure AD authority), or null
   */
  static void apply(BlobServiceClientBuilder b, String account, AzureAuth auth, HttpClient http) {
    if (auth instanceof AzureAuth.AccountKey k) {
      b.credential(new StorageSharedKeyCredential(account, k.key().value()));
    } else if (auth instanceof AzureAuth.Sas s) {
      b.sasToken(s.token().value());
    } else {
      b.credential(tokenCredential(auth, http));
    }
  }

  /** An Azure AD credential (every kind but account key and SAS). */
  static TokenCredential tokenCredential(AzureAuth auth, HttpClient http) {
    if (auth instanceof AzureAuth.ClientSecret c) {
      ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder().tenantId(c.tenantId())
          .clientId(c.clientId()).clientSecret(c.clientSecret().value());
      authority(b, c.authority(), http);
      return b.build();
    }
    if (auth instanceof AzureAuth.ClientCertificate c) {
      ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder().tenantId(c.tenantId())
          .clientId(c.clientId());
      String file = c.certificate().toString();
      if (c.pfx()) {
        b.pfxCertificate(file).clientCertificatePassword(c.certificatePassword() == null ? null
            : c.certificatePassword().value());
      } else {
        b.pemCertificate(file);
      }
      authority(b, c.authority(), http);
      return b.build();
    }
    if (auth instanceof AzureAuth.ManagedIdentity m) {
      ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
      if (m.clientId() != null) {
        b.clientId(m.clientId());
      }
      return b.build();
    }
    if (auth instanceof AzureAuth.WorkloadIdentity w) {
      WorkloadIdentityCredentialBuilder b = new WorkloadIdentityCredentialBuilder();
      if (w.tenantId() != null) {
        b.tenantId(w.tenantId());
      }
      if (w.clientId() != null) {
        b.clientId(w.clientId());
      }
      if (w.tokenFile() != null) {
        b.tokenFilePath(w.tokenFile().toString());
      }
      authority(b, w.authority(), http);
      return b.build();
    }
    return new DefaultAzureCredentialBuilder().build();
  }

  /** Authority host, instance discovery and HTTP client, the same for every Azure AD application kind. */
  private static void authority(AadCredentialBuilderBase<?> b, AzureAuth.Authority authority, HttpClient http) {
    if (authority.host() != null) {
      b.authorityHost(authority.host());
    }
    if (!authority.instanceDiscovery()) {
      b.disableInstanceDiscovery();
    }
    if (http != null) {
      b.httpClient(http);
    }
  }
}
