package io.keyward.keycloak.ca;

/**
 * The session controls the enforced, applicable policies put on a sign-in (SPEC §3.8): the shortest sign-in
 * frequency (seconds; 0 = every time; null = none) and the persistent-browser mode, {@code never} winning.
 */
public record SessionControlsDecision(Long signInFrequencySeconds, String persistentBrowser) {

    public static final String NEVER = "never";
    public static final String ALWAYS = "always";

    public static final SessionControlsDecision NONE = new SessionControlsDecision(null, null);

    /** This decision with the controls of one more enforced policy that applies. */
    public SessionControlsDecision with(ConditionalAccessPolicy.SessionControls controls) {
        Long frequency = signInFrequencySeconds;
        if (controls.signInFrequency().isEnabled()) {
            long seconds = controls.signInFrequency().maxAgeSeconds();
            frequency = frequency == null ? seconds : Math.min(frequency, seconds);
        }
        return new SessionControlsDecision(frequency, strongerPersistence(persistentBrowser, controls));
    }

    private static String strongerPersistence(String current, ConditionalAccessPolicy.SessionControls controls) {
        ConditionalAccessPolicy.PersistentBrowser persistent = controls.persistentBrowser();
        if (!persistent.isEnabled() || persistent.mode() == null || NEVER.equals(current)) {
            return current;
        }
        return persistent.mode();
    }
}
