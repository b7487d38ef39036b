/*
 * Runs DynamoDB Local (DynamoDBLocal.jar on the class path, its own command-line arguments) listening
 * on 127.0.0.1 only, and answering only requests whose Host is 127.0.0.1 or localhost.
 *
 * Why: the engine has no authentication, and the jar as shipped listens on every interface with no
 * option to change it (`-help` lists -port, -inMemory, -dbPath, -sharedDb, -cors,
 * -delayTransientStatuses, -disableTelemetry, -optimizeDbBeforeStartup, -version; its Jetty server is
 * made with `new Server(port)`, which binds the wildcard address). So this builds the server the jar
 * would build, moves its one connector to loopback before it starts, and limits its context to
 * loopback virtual hosts (a DNS-rebinding page sends its own host name). Telemetry is never
 * configured here, so none is sent.
 *
 * local/engines.ts runs it as a single-file source program (`java -cp DynamoDBLocal.jar
 * DynamoDbLoopback.java -port … -sharedDb …`), which needs the jdk.compiler module; without it the
 * engine falls back to the jar as shipped and says so.
 */
import java.lang.reflect.Field;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class DynamoDbLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);

    Connector[] connectors = server.getConnectors();
    if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind");
    for (Connector connector : connectors) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("unexpected connector " + connector.getClass().getName());
      }
      ((ServerConnector) connector).setHost("127.0.0.1");
    }
    List<ContextHandler> contexts = server.getDescendants(ContextHandler.class);
    if (contexts.isEmpty()) throw new IllegalStateException("DynamoDB Local has no context to limit");
    for (ContextHandler context : contexts) context.setVirtualHosts(List.of("127.0.0.1", "localhost"));

    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1 only");
  }
}
