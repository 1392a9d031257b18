package io.bzzz.agent.testing;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.http.server.GitServlet;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;

/**
 * The git side of a forge whose API is a fake: one bare repository served over JGit's smart HTTP
 * (clone and push) at {@code /owner/name.git}, behind Basic authentication with the forge's token,
 * as GitHub and Gitea serve it. It records the Basic user of every request.
 */
public final class GitHttpServer implements AutoCloseable {
  private final Repository repo;
  private final Server server;
  private final String url;
  private final Set<String> users = new CopyOnWriteArraySet<>();

  private GitHttpServer(Path bare, String path, String token) throws Exception {
    repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
    repo.getConfig().setBoolean("http", null, "receivepack", true);
    repo.getConfig().save();
    GitServlet git = new GitServlet();
    git.setRepositoryResolver(
        (req, name) -> {
          if (!name.equals(path)) {
            throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name);
          }
          repo.incrementOpen();
          return repo;
        });
    Filter auth =
        (request, response, chain) -> {
          String[] basic = decodeBasic(((HttpServletRequest) request).getHeader("Authorization"));
          if (basic.length != 2 || !basic[1].equals(token)) {
            HttpServletResponse resp = (HttpServletResponse) response;
            resp.setHeader("WWW-Authenticate", "Basic realm=\"git\"");
            resp.sendError(401);
            return;
          }
          users.add(basic[0]);
          chain.doFilter(request, response);
        };
    ServletContextHandler ctx = new ServletContextHandler();
    ctx.addFilter(new FilterHolder(auth), "/*", EnumSet.of(DispatcherType.REQUEST));
    ctx.addServlet(new ServletHolder(git), "/*");
    server = new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    server.setHandler(ctx);
    server.start();
    int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    url = "http://127.0.0.1:" + port + "/" + path;
  }

  /** Serves {@code bare} as {@code /owner/name.git}, accepting {@code token} as the password. */
  public static GitHttpServer serve(Path bare, String owner, String name, String token)
      throws Exception {
    return new GitHttpServer(bare, owner + "/" + name + ".git", token);
  }

  /**
   * A bare repository at {@code bare} with a README on {@code main} and each of {@code branches} at
   * the same commit: a forge fake creates refs in its API model only, so a test creates the git
   * side of a branch the way the forge would.
   */
  public static Path bareRepository(Path bare, Path scratch, String... branches) throws Exception {
    Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
    try (Git g =
        Git.cloneRepository()
            .setURI(bare.toUri().toString())
            .setDirectory(scratch.toFile())
            .call()) {
      Files.writeString(scratch.resolve("README.md"), "# sample\n");
      g.add().addFilepattern(".").call();
      PersonIdent who = new PersonIdent("Seeder", "seed@example.org");
      g.commit().setMessage("initial").setAuthor(who).setCommitter(who).setSign(false).call();
      g.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/main")).call();
      for (String branch : branches) {
        g.push().setRemote("origin").setRefSpecs(new RefSpec("HEAD:refs/heads/" + branch)).call();
      }
    }
    return bare;
  }

  public String url() {
    return url;
  }

  /** The Basic user names that clone and push used. */
  public Set<String> users() {
    return Set.copyOf(users);
  }

  private static String[] decodeBasic(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return new String[0];
    }
    String pair =
        new String(
            Base64.getDecoder().decode(header.substring("Basic ".length())),
            StandardCharsets.UTF_8);
    return pair.split(":", 2);
  }

  @Override
  public void close() throws Exception {
    server.stop();
    repo.close();
  }
}
