package io.bzzz.tracker.local.git;

import static org.assertj.core.api.Assertions.assertThat;

import io.bzzz.tracker.local.git.GitRequest.Operation;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Push or read is decided on canonical paths and the decoded service only. */
class GitRequestTest {

  private static GitRequest parse(String method, String path, String query) {
    return GitRequest.parse(method, path, Optional.ofNullable(query));
  }

  @Test
  void classifiesTheSmartHttpEndpoints() {
    assertThat(parse("GET", "/admin/g.git/info/refs", "service=git-upload-pack"))
        .isEqualTo(new GitRequest.Service("admin", "g", Operation.READ));
    assertThat(parse("GET", "/admin/g.git/info/refs", "service=git-receive-pack"))
        .isEqualTo(new GitRequest.Service("admin", "g", Operation.PUSH));
    assertThat(parse("POST", "/admin/g.git/git-upload-pack", null))
        .isEqualTo(new GitRequest.Service("admin", "g", Operation.READ));
    assertThat(parse("POST", "/admin/g.git/git-receive-pack", null))
        .isEqualTo(new GitRequest.Service("admin", "g", Operation.PUSH));
  }

  @Test
  void anEncodedServiceNameIsDecodedBeforeDeciding() {
    assertThat(parse("GET", "/admin/g.git/info/refs", "service=git%2Dreceive-pack"))
        .isEqualTo(new GitRequest.Service("admin", "g", Operation.PUSH));
    assertThat(parse("GET", "/admin/g.git/info/refs", "%73ervice=git-receive-pack"))
        .isEqualTo(new GitRequest.Service("admin", "g", Operation.PUSH));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|/admin/g.git/git-receive-pack;x=1|",
        "POST|/admin/g.git;x=1/git-receive-pack|",
        "POST|/admin/g.git/%67it-receive-pack|",
        "POST|/admin/g.git/git-receive-pack/|",
        "POST|/admin/g.git//git-receive-pack|",
        "POST|/admin/g.git/./git-receive-pack|",
        "POST|/admin/g.git/x/../git-receive-pack|",
        "POST|/admin%2Fg.git/git-receive-pack|",
        "POST|/admin/g.git/git-receive-pack|x=1",
        "GET|/admin/g.git/info/refs|",
        "GET|/admin/g.git/info/refs|service=git-upload-archive",
        "GET|/admin/g.git/info/refs|service=git-upload-pack&service=git-receive-pack",
        "GET|/admin/g.git/info/refs|service=%zz",
        "POST|/admin/g.git/info/refs|service=git-upload-pack",
        "GET|/admin/g.git/git-receive-pack|",
        "GET|/admin/g.git/HEAD|",
        "GET|/admin/g.git/objects/info/packs|",
        "GET|/../g.git/info/refs|service=git-upload-pack",
        "GET|/admin/...git/info/refs|service=git-upload-pack",
      })
  void refusesWhatIsNotCanonical(String method, String path, String query) {
    assertThat(parse(method, path, query)).isInstanceOf(GitRequest.Refused.class);
  }
}
