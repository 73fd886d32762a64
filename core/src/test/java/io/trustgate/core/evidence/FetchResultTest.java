package io.trustgate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FetchResultTest {

  @Test
  void foundIsImmutableEvenThroughItsArrays() {
    byte[] bytes = "manifest".getBytes(StandardCharsets.UTF_8);
    FetchResult.Found found = new FetchResult.Found("https://x/m.json", bytes);

    bytes[0] = 'X';
    found.body()[1] = 'X';

    assertThat(new String(found.body(), StandardCharsets.UTF_8)).isEqualTo("manifest");
    assertThat(found.size()).isEqualTo(8);
  }

  @Test
  void foundComparesBodiesByContent() {
    FetchResult.Found a = new FetchResult.Found("https://x/m.json", new byte[] {1, 2});
    FetchResult.Found b = new FetchResult.Found("https://x/m.json", new byte[] {1, 2});

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(new FetchResult.Found("https://x/m.json", new byte[] {1, 3}));
    assertThat(a).hasToString("Found[url=https://x/m.json, 2 bytes]");
  }
}
