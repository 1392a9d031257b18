package io.bzzz.tracker.local.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.bzzz.tracker.local.store.Account;
import java.io.IOException;

/**
 * A user's e-mail address in a JSON answer. It is written only for the user themself and for site
 * administrators; everyone else, anonymous callers included, reads {@code ""}. Who is asking comes
 * from the writer's {@link #VIEWER} attribute; without one the address stays hidden, so a
 * serialization that forgets the viewer fails closed.
 */
@JsonSerialize(using = PrivateEmail.Serializer.class)
record PrivateEmail(long ownerId, String address) {
  /** Writer attribute: the {@link Account} the answer is for. */
  static final Object VIEWER = PrivateEmail.class;

  @Override
  public String toString() {
    return "PrivateEmail[" + ownerId + "]";
  }

  static final class Serializer extends StdSerializer<PrivateEmail> {
    private static final long serialVersionUID = 1L;

    Serializer() {
      super(PrivateEmail.class);
    }

    @Override
    public void serialize(PrivateEmail email, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      boolean visible =
          provider.getAttribute(VIEWER) instanceof Account viewer
              && (viewer.admin() || viewer.id() == email.ownerId());
      gen.writeString(visible ? email.address() : "");
    }
  }
}
