package io.bzzz.cli.common;

import picocli.CommandLine.IVersionProvider;

/** Reports the version Maven wrote into the jar manifest. */
public final class BzzzVersion implements IVersionProvider {

  public static String version() {
    String v = BzzzVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"bzzz " + version()};
  }
}
