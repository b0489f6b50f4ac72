package io.keyward.keycloak.apppassword;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.keyward.keycloak.tap.TemporaryAccessPassHash;
import org.keycloak.credential.CredentialModel;

/**
 * One app password as Keycloak stores it: the name the user chose as the user label, the public lookup key (see
 * {@link AppPasswordCode}) in {@code credentialData}, the salted PBKDF2 hash of the whole password in
 * {@code secretData}. A user has up to {@value AppPasswords#MAX_PER_USER}.
 */
public final class AppPasswordCredentialModel extends CredentialModel {

    public static final String TYPE = "keyward-app-password";

    /** What {@code credentialData} holds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String lookup) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Data data;
    private final TemporaryAccessPassHash.Hashed secret;

    private AppPasswordCredentialModel(String displayName, Data data, TemporaryAccessPassHash.Hashed secret) {
        this.data = data;
        this.secret = secret;
        setType(TYPE);
        setUserLabel(displayName);
        setCredentialData(write(data));
        setSecretData(write(secret));
    }

    /** A new app password, to be stored by the credential provider. */
    static AppPasswordCredentialModel create(String displayName, String lookup, TemporaryAccessPassHash.Hashed hashed,
            Instant createdAt) {
        AppPasswordCredentialModel model = new AppPasswordCredentialModel(displayName, new Data(lookup), hashed);
        model.setCreatedDate(createdAt.toEpochMilli());
        return model;
    }

    /** Reads a stored credential; its JSON was written by {@link #create}. */
    public static AppPasswordCredentialModel fromCredentialModel(CredentialModel stored) {
        AppPasswordCredentialModel model = new AppPasswordCredentialModel(stored.getUserLabel(),
                read(stored.getCredentialData(), Data.class),
                read(stored.getSecretData(), TemporaryAccessPassHash.Hashed.class));
        model.setId(stored.getId());
        model.setCreatedDate(stored.getCreatedDate());
        return model;
    }

    public String displayName() {
        return getUserLabel();
    }

    public Instant createdDateTime() {
        return Instant.ofEpochMilli(getCreatedDate() == null ? 0 : getCreatedDate());
    }

    String lookup() {
        return data.lookup();
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
