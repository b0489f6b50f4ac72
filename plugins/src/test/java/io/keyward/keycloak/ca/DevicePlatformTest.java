package io.keyward.keycloak.ca;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of the shared User-Agent table (test/vectors/user-agents.json). */
class DevicePlatformTest {

    private static final Path VECTORS =
            Path.of(System.getProperty("keyward.vectors.dir", "../test/vectors"), "user-agents.json");

    static Stream<Arguments> cases() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        for (JsonNode node : new ObjectMapper().readTree(VECTORS.toFile()).get("cases")) {
            JsonNode platform = node.get("platform");
            cases.add(Arguments.of(node.get("userAgent").asText(), platform.isNull() ? null : platform.asText()));
        }
        return cases.stream();
    }

    @DisplayName("user agent")
    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void platformOf(String userAgent, String platform) {
        assertEquals(platform, DevicePlatform.of(userAgent).map(DevicePlatform::value).orElse(null));
    }
}
