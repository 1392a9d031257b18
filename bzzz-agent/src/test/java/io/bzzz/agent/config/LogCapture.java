package io.bzzz.agent.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;

/**
 * What the loggers write while open, as text: message, key/values, exceptions. Bzzz's own loggers
 * are captured from DEBUG up (the test configuration shows only WARN), libraries' from WARN.
 */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private final Logger bzzz = (Logger) LoggerFactory.getLogger("io.bzzz");
  private final Level bzzzLevel = bzzz.getLevel();
  private final boolean bzzzAdditive = bzzz.isAdditive();

  public LogCapture() {
    appender.start();
    root.addAppender(appender);
    bzzz.addAppender(appender);
    bzzz.setAdditive(false); // not twice, and not onto the console
    bzzz.setLevel(Level.DEBUG);
  }

  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }

  /** Every event as one line, with its key/values and the messages of its exception chain. */
  public String text() {
    return events().stream().map(LogCapture::render).collect(Collectors.joining("\n"));
  }

  private static String render(ILoggingEvent e) {
    StringBuilder b = new StringBuilder();
    b.append(e.getLevel()).append(' ').append(e.getLoggerName()).append(' ');
    b.append(e.getFormattedMessage());
    if (e.getKeyValuePairs() != null) {
      b.append(' ').append(e.getKeyValuePairs());
    }
    for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
      b.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
    }
    return b.toString();
  }

  @Override
  public void close() {
    bzzz.setLevel(bzzzLevel);
    bzzz.setAdditive(bzzzAdditive);
    bzzz.detachAppender(appender);
    root.detachAppender(appender);
  }
}
