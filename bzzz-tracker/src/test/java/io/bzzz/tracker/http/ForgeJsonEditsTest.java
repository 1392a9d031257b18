package io.bzzz.tracker.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bzzz.tracker.BodyEdits;
import io.bzzz.tracker.RepoRef;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the shared GitHub/Gitea reader makes of edit information: GitHub's REST issue and Gitea's
 * API v1 issue have no editor field, so their body editors are unknown; the local tracker's {@code
 * bzzz_edited_by} makes them known. A comment counts as edited when its times differ or are absent.
 */
class ForgeJsonEditsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final RepoRef REPO = RepoRef.parse("o/r");

  static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  static final String ISSUE =
      "{'number':3,'title':'t','body':'b','state':'open','user':{'login':'alice'},"
          + "'labels':[],'assignees':[],'html_url':'u','created_at':'2024-05-01T10:00:00Z',"
          + "'updated_at':'2024-05-02T10:00:00Z'";

  @Test
  void forgeIssuesWithoutTheFieldHaveUnknownEditors() throws Exception {
    BodyEdits edits = ForgeJson.task("t", REPO, json(ISSUE + "}")).bodyEdits();
    assertThat(edits).isInstanceOf(BodyEdits.Unknown.class);
    assertThat(((BodyEdits.Unknown) edits).why()).contains("does not say who edited");
  }

  @Test
  void theLocalTrackersFieldNamesTheEditors() throws Exception {
    assertThat(ForgeJson.task("t", REPO, json(ISSUE + ",'bzzz_edited_by':[]}")).bodyEdits())
        .isEqualTo(BodyEdits.never());
    assertThat(
            ForgeJson.task("t", REPO, json(ISSUE + ",'bzzz_edited_by':['bob','alice']}"))
                .bodyEdits())
        .isEqualTo(new BodyEdits.Known(List.of("bob", "alice")));
  }

  @Test
  void aCommentIsEditedWhenItsTimesDifferOrAreMissingOrAnEditorIsNamed() throws Exception {
    String base = "{'id':5,'body':'x','user':{'login':'alice'}";
    String same = ",'created_at':'2024-05-01T10:00:00Z','updated_at':'2024-05-01T10:00:00Z'";
    String later = ",'created_at':'2024-05-01T10:00:00Z','updated_at':'2024-05-01T10:05:00Z'";
    assertThat(ForgeJson.comment(json(base + same + "}")).edited()).isFalse();
    assertThat(ForgeJson.comment(json(base + later + "}")).edited()).isTrue();
    assertThat(ForgeJson.comment(json(base + "}")).edited()).isTrue();
    assertThat(ForgeJson.comment(json(base + same + ",'bzzz_edited_by':['bob']}")).edited())
        .isTrue();
  }
}
