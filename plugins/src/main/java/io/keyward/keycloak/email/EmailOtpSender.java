package io.keyward.keycloak.email;

import org.keycloak.email.EmailException;

/** Sends one code by email: the only IO of the email method, behind one method so the logic around it stays pure. */
@FunctionalInterface
interface EmailOtpSender {

    /** Why the code is sent: the subject and text differ. */
    enum Purpose {
        SIGN_IN("keywardEmailOtpSubject"),
        REGISTRATION("keywardEmailOtpRegisterSubject");

        private final String subjectKey;

        Purpose(String subjectKey) {
            this.subjectKey = subjectKey;
        }

        String subjectKey() {
            return subjectKey;
        }
    }

    void send(String address, String code, int lifetimeInMinutes, Purpose purpose) throws EmailException;
}
