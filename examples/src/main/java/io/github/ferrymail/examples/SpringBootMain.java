package io.github.ferrymail.examples;

import io.github.ferrymail.core.MessageRef;
import io.github.ferrymail.core.NewOperation;
import io.github.ferrymail.core.Operation;
import io.github.ferrymail.core.OperationStatus;
import io.github.ferrymail.core.PendingOperation;
import io.github.ferrymail.core.processor.QueueProcessor;
import io.github.ferrymail.examples.support.DemoMailServer;
import io.github.ferrymail.imap.ImapAccountResolver;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Ferry in a Spring Boot application: the starter puts the queue on the application's H2 {@code
 * DataSource}, migrates it, starts the processor with the context and adds the health indicator;
 * the application supplies only the {@link ImapAccountResolver} bean.
 *
 * <p>Run it with {@code ./mvnw -q -pl examples -am compile exec:java
 * -Dexec.mainClass=io.github.ferrymail.examples.SpringBootMain}.
 */
@SpringBootApplication
public class SpringBootMain {
  /** Where the demo server lives while the application runs. */
  static DemoMailServer server;

  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  /** The one bean Ferry needs from the application. */
  @Bean
  ImapAccountResolver ferryAccounts() {
    return account -> server.account(account);
  }

  /**
   * Starts the application, files message 1 in Archive through the queue, waits for it, and prints
   * the server's Archive and Ferry's health.
   *
   * @param out where to print
   * @return the operation's final status
   */
  public static OperationStatus run(PrintStream out) throws Exception {
    try (DemoMailServer demo = DemoMailServer.start()) {
      server = demo;
      demo.seedInbox(3);
      SpringApplication app = new SpringApplication(SpringBootMain.class);
      app.setDefaultProperties(
          Map.of(
              "spring.datasource.url", "jdbc:h2:mem:spring-boot-main;DB_CLOSE_DELAY=-1",
              "spring.main.web-application-type", "none",
              "management.endpoint.health.show-details", "always",
              "ferry.processor.poll-interval", "200ms"));
      try (ConfigurableApplicationContext context = app.run()) {
        QueueProcessor processor = context.getBean(QueueProcessor.class);
        MessageRef ref = demo.inboxRefs(DemoMailServer.USER).get(0);
        PendingOperation move = processor.queue(NewOperation.of(Operation.move(ref, "Archive")));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        OperationStatus status = move.status();
        while (!status.isTerminal() && Instant.now().isBefore(deadline)) {
          Thread.sleep(100);
          status = processor.admin().get(move.id()).orElseThrow().status();
        }
        out.println("Move " + move.id() + ": " + status);
        out.println("Archive: " + demo.messages(DemoMailServer.USER, "Archive"));
        out.println("Health: " + context.getBean(HealthEndpoint.class).healthForPath("ferry"));
        return status;
      }
    }
  }
}
