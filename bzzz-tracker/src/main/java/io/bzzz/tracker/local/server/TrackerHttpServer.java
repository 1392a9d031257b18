package io.bzzz.tracker.local.server;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.FilterMapping;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * The Jetty server of the local tracker: the API at {@code /api/v1/*}, git smart HTTP for every
 * other path. Requests run on virtual threads. The port is bound by {@link #bind} before the
 * servlets exist, so that they can be told the base URL when the port was 0.
 */
public final class TrackerHttpServer implements AutoCloseable {
  /** Encoded slashes are allowed so that {@code branches/bzzz%2Ftask-1} names one branch. */
  private static final UriCompliance URIS =
      UriCompliance.DEFAULT.with(
          "bzzz-branch-names", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR);

  private final Server server;
  private final ServerConnector connector;

  private TrackerHttpServer(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /** Binds the listening socket; nothing is served until {@link #start}. */
  public static TrackerHttpServer bind(String host, int port) throws Exception {
    Server server = new Server(new VirtualThreadPool());
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setUriCompliance(URIS);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(host);
    connector.setPort(port);
    connector.open();
    server.addConnector(connector);
    return new TrackerHttpServer(server, connector);
  }

  public int port() {
    return connector.getLocalPort();
  }

  public void start(String baseUrl, HttpServlet api, Filter gitAccess, HttpServlet git)
      throws Exception {
    server.setErrorHandler(new JsonErrorHandler(baseUrl));
    ServletContextHandler context = new ServletContextHandler("/");
    context.getServletHandler().setDecodeAmbiguousURIs(true);
    context.addServlet(new ServletHolder("api", api), "/api/v1/*");
    ServletHolder gitHolder = new ServletHolder("git", git);
    context.addServlet(gitHolder, "/*");
    FilterHolder filter = new FilterHolder(gitAccess);
    filter.setName("git-access");
    context.getServletHandler().addFilter(filter);
    FilterMapping mapping = new FilterMapping();
    mapping.setFilterName("git-access");
    mapping.setServletName("git");
    mapping.setDispatcherTypes(EnumSet.of(DispatcherType.REQUEST));
    context.getServletHandler().addFilterMapping(mapping);
    server.setHandler(context);
    server.setStopTimeout(5_000);
    server.start();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    connector.close();
  }
}
