package dev.sorrel.shell;

/** The shell's version, from the jar manifest's {@code Implementation-Version}. */
final class Version {

    private Version() {
    }

    /** Returns the version, or {@code dev} when not running from the packaged jar. */
    static String get() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
