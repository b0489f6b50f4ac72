package io.keyward.keycloak.email;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.keycloak.credential.CredentialModel;

/**
 * A user's registered email address for sign-in codes: the address proved by a code, and when. There is no secret
 * ({@code secretData} is empty); codes live only, hashed, in the authentication session of one sign-in. At most one
 * per user.
 */
public final class EmailOtpCredentialModel extends CredentialModel {

    public static final String TYPE = "keyward-email-otp";

    /** {@code verifiedDateTime} in epoch milliseconds. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Data(String email, long verifiedDateTime) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Data data;

    private EmailOtpCredentialModel(Data data) {
        this.data = data;
        setType(TYPE);
        setUserLabel(data.email());
        setCredentialData(write(data));
        setSecretData("{}");
    }

    static EmailOtpCredentialModel create(String email, Instant verifiedAt) {
        EmailOtpCredentialModel model = new EmailOtpCredentialModel(new Data(email, verifiedAt.toEpochMilli()));
        model.setCreatedDate(verifiedAt.toEpochMilli());
        return model;
    }

    static EmailOtpCredentialModel fromCredentialModel(CredentialModel stored) {
        Data data;
        try {
            data = MAPPER.readValue(stored.getCredentialData(), Data.class);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable " + TYPE + " credential", e);
        }
        EmailOtpCredentialModel model = new EmailOtpCredentialModel(data);
        model.setId(stored.getId());
        model.setCreatedDate(stored.getCreatedDate());
        model.setUserLabel(stored.getUserLabel());
        return model;
    }

    public Data data() {
        return data;
    }

    private static String write(Data data) {
        try {
            return MAPPER.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
