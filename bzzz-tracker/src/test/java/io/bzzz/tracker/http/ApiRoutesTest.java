package io.bzzz.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiRoutesTest {
  @Test
  void aPathBecomesItsShapeWithoutNamesOrNumbers() {
    assertThat(ApiRoutes.of("/repos/octo/sample/issues")).isEqualTo("issues");
    assertThat(ApiRoutes.of("/repos/octo/sample/issues/12")).isEqualTo("issues/*");
    assertThat(ApiRoutes.of("/repos/octo/sample/issues/12/labels/needs%3Agpu"))
        .isEqualTo("issues/*/labels/*");
    assertThat(ApiRoutes.of("/repos/octo/sample/git/ref/heads/bzzz/task-1"))
        .isEqualTo("git/ref/heads/*");
    assertThat(ApiRoutes.of("/repos/octo/sample")).isEqualTo("repo");
    assertThat(ApiRoutes.of("/user")).isEqualTo("user");
    assertThat(ApiRoutes.of("")).isEqualTo("root");
    // a repository named like a resource does not leak into the label
    assertThat(ApiRoutes.of("/repos/issues/pulls/comments")).isEqualTo("comments");
  }

  @Test
  void aHostileLinkCannotGrowTheLabelSet() {
    assertThat(ApiRoutes.of("/a/b/c/d/e/f/g/h")).isEqualTo("*");
    assertThat(ApiRoutes.of("/issues/issues/issues/issues/issues/issues/issues/issues"))
        .isEqualTo("issues/issues/issues/issues/issues/issues");
  }
}
