package org.walkaway.auth;

/**
 * The specification version named in an envelope's type tag ({@code ucan/dlg@1.0.0}). Both are read;
 * Walkaway writes {@link #V1_0_0}. The tag is inside the signed bytes, so a token cannot be
 * relabelled without breaking its signature.
 */
public enum UcanVersion {
  V1_0_0("1.0.0"),
  V1_0_0_RC1("1.0.0-rc.1");

  private final String label;

  UcanVersion(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
