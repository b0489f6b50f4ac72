package io.keyward.keycloak.tap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.credential.CredentialModel;

/**
 * A user's Temporary Access Pass as Keycloak stores it: the metadata an admin may see in {@code credentialData},
 * the salted slow hash (never the pass) in {@code secretData}. At most one per user.
 */
public final class TemporaryAccessPassCredentialModel extends CredentialModel {

    public static final String TYPE = "keyward-temporary-access-pass";
    static final String USER_LABEL = "Temporary Access Pass";

    /** The metadata; times are epoch milliseconds, {@code lastUsedDateTime} null until the first sign-in. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(long startDateTime, long endDateTime, boolean isUsableOnce, int length, String createdBy,
            Long lastUsedDateTime) {

        Instant start() {
            return Instant.ofEpochMilli(startDateTime);
        }

        Instant end() {
            return Instant.ofEpochMilli(endDateTime);
        }

        boolean used() {
            return lastUsedDateTime != null;
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Data data;
    private final TemporaryAccessPassHash.Hashed secret;

    private TemporaryAccessPassCredentialModel(Data data, TemporaryAccessPassHash.Hashed secret) {
        this.data = data;
        this.secret = secret;
        setType(TYPE);
        setUserLabel(USER_LABEL);
        setCredentialData(write(data));
        setSecretData(write(secret));
    }

    /** A new pass, to be stored by the credential provider. */
    public static TemporaryAccessPassCredentialModel create(TemporaryAccessPassIssue.Pass pass,
            TemporaryAccessPassHash.Hashed hashed, String createdBy, Instant createdAt) {
        TemporaryAccessPassCredentialModel model = new TemporaryAccessPassCredentialModel(
                new Data(pass.start().toEpochMilli(), pass.end().toEpochMilli(), pass.isUsableOnce(), pass.length(),
                        createdBy, null), hashed);
        model.setCreatedDate(createdAt.toEpochMilli());
        return model;
    }

    /** Reads a stored credential; its JSON was written by {@link #create}. */
    public static TemporaryAccessPassCredentialModel fromCredentialModel(CredentialModel stored) {
        TemporaryAccessPassCredentialModel model = new TemporaryAccessPassCredentialModel(
                read(stored.getCredentialData(), Data.class),
                read(stored.getSecretData(), TemporaryAccessPassHash.Hashed.class));
        model.setId(stored.getId());
        model.setCreatedDate(stored.getCreatedDate());
        model.setUserLabel(stored.getUserLabel());
        return model;
    }

    /** The same pass, recorded as used at {@code usedAt}. */
    TemporaryAccessPassCredentialModel usedAt(Instant usedAt) {
        TemporaryAccessPassCredentialModel model = new TemporaryAccessPassCredentialModel(
                new Data(data.startDateTime(), data.endDateTime(), data.isUsableOnce(), data.length(),
                        data.createdBy(), usedAt.toEpochMilli()), secret);
        model.setId(getId());
        model.setCreatedDate(getCreatedDate());
        model.setUserLabel(getUserLabel());
        return model;
    }

    public Data data() {
        return data;
    }

    TemporaryAccessPassHash.Hashed secret() {
        return secret;
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + TYPE + " credential", e);
        }
    }
}
