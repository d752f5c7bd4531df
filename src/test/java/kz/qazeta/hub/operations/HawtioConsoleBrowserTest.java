package kz.qazeta.hub.operations;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operators' console as an operator sees it, in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): a viewer signs in through the login form, opens Camel's
 * routes, finds the e-Visa routes with their counts (equal to Camel's own, a failure provoked so one is above zero),
 * and is refused stopping one. The routes page is saved as
 * {@code target/screenshots/hawtio-routes.png}, the refusal as {@code hawtio-refused.png}. Without Chromium on the
 * machine the test is skipped, except in CI ({@code CI=true}), where a missing browser is a failure.
 */
@Tag("browser")
class HawtioConsoleBrowserTest extends ConsoleTestSupport {

    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String ROUTE = "evisa-check-invitation";
    /** The route a failure is provoked on, so the console has a failed count above zero to show. */
    private static final String DECISION_ROUTE = "evisa-issuance-decision";

    @Autowired
    private CamelContext camel;

    @Autowired
    private ArtemisProperties artemis;

    private WebDriver browser;

    @BeforeEach
    void openTheBrowser() {
        boolean installed = CHROMEDRIVER.canExecute() && CHROMIUM.canExecute();
        if (!installed && "true".equals(System.getenv("CI"))) {
            fail("CI runs the console in Chromium: /usr/bin/chromium and /usr/bin/chromedriver must be installed (.ci/run does)");
        }
        assumeTrue(installed, "Debian's chromium and chromium-driver are not installed (apt-get install chromium "
                + "chromium-driver, as .ci/run does): the Hawtio browser test is skipped");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1600,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aViewerSeesTheEvisaRoutesWithTheirCountsAndMayNotStopOne() throws Exception {
        // some e-Visa traffic first, so the routes have something to count
        String passport = newPassport();
        String invitation = "INV-CONSOLE-" + System.nanoTime();
        registerInvitation(invitation, passport, "JAM", "B12");
        var submitted = post("/api/v1/evisa/applications", application(passport, "JAM", "B12", invitation, "ALA"), Map.of());
        awaitStatus(json(submitted).path("id").asText(), "AWAITING_PAYMENT");
        // and a failure: the issuance system answers something that is not a decision; the hub fails on it through
        // its last delivery and dead-letters it (by then the failures are all counted)
        String unreadable = "console-unreadable-" + System.nanoTime();
        answerAsTheIssuanceSystem(unreadable, "this is not a decision");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                json(get("/api/v1/admin/dead-letters/DLQ.partner.visa-issuance", Map.of("X-Api-Key", OPERATOR_KEY)))
                        .path("messages").findValuesAsText("correlationId").contains(unreadable));

        // the console sends a browser without a session to the login form
        browser.get(url("/actuator/hawtio/"));
        until(Duration.ofSeconds(60), b -> b.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.name("username")).sendKeys("viewer");
        browser.findElement(By.name("password")).sendKeys("sandbox-viewer-password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        until(Duration.ofSeconds(120), b -> text(b).contains("viewer") && text(b).contains("Camel"));

        // Camel, its routes: every route of the context with its statistics; the e-Visa's among them
        browser.get(url("/actuator/hawtio/camel/routes"));
        until(Duration.ofSeconds(120), b -> !b.findElements(row(ROUTE)).isEmpty());
        assertThat(text(browser)).contains("Completed", "Failed", "Total", "evisa-request-payment", DECISION_ROUTE);
        WebElement checkInvitation = browser.findElement(row(ROUTE));
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", checkInvitation);
        // the counts the console shows are Camel's own for each route (the table refreshes: awaited, not read once)
        until(Duration.ofSeconds(30), b -> cells(ROUTE)[1].equals("Started")
                && Long.parseLong(cells(ROUTE)[3]) == route(ROUTE).getExchangesCompleted()
                && Long.parseLong(cells(ROUTE)[4]) == route(ROUTE).getExchangesFailed()
                && Long.parseLong(cells(DECISION_ROUTE)[4]) == route(DECISION_ROUTE).getExchangesFailed());
        String[] cells = cells(ROUTE);
        String shown = String.join(" | ", cells);
        assertThat(Long.parseLong(cells[3])).as("completed exchanges: %s", shown)
                .isEqualTo(route(ROUTE).getExchangesCompleted()).isPositive();
        assertThat(Long.parseLong(cells[4])).as("failed exchanges: %s", shown).isEqualTo(route(ROUTE).getExchangesFailed());
        String[] decision = cells(DECISION_ROUTE);
        assertThat(Long.parseLong(decision[4])).as("failed exchanges: %s", String.join(" | ", decision))
                .isEqualTo(route(DECISION_ROUTE).getExchangesFailed()).isPositive();
        screenshot("hawtio-routes.png");

        // stopping a route is an operator's: the console says so, and the route runs on
        browser.findElement(row(ROUTE)).findElement(By.xpath(".//input[@type='checkbox']")).click();
        browser.findElement(By.xpath("//button[normalize-space()='Stop']")).click();
        until(Duration.ofSeconds(30), b -> text(b).contains("Couldn't stop the route"));
        assertThat(text(browser)).contains("forbidden");
        screenshot("hawtio-refused.png");
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
    }

    private static By row(String routeId) {
        return By.xpath("//tr[.//td[contains(normalize-space(), '" + routeId + "')]]");
    }

    /** A route's row as shown: name, state, uptime, then the counts: completed, failed, handled, total, in flight. */
    private String[] cells(String routeId) {
        return browser.findElement(row(routeId)).findElements(By.tagName("td")).stream().map(WebElement::getText)
                .map(String::strip).filter(t -> !t.isEmpty()).toArray(String[]::new);
    }

    /** Camel's own statistics of a route (its ManagedRoute MBean, the one Jolokia serves to the console). */
    private ManagedRouteMBean route(String routeId) {
        return camel.getCamelContextExtension().getContextPlugin(ManagedCamelContext.class).getManagedRoute(routeId);
    }

    /** Sends a reply on the issuance system's reply queue as that system's own broker user. */
    private void answerAsTheIssuanceSystem(String correlationId, String body) throws JMSException {
        var partner = new ActiveMQConnectionFactory("vm://" + artemis.getEmbedded().getServerId());
        try (Connection connection = partner.createConnection("visa-issuance", "sandbox-visa-issuance-broker-password")) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            TextMessage reply = session.createTextMessage(body);
            reply.setJMSCorrelationID(correlationId);
            session.createProducer(session.createQueue("partner.visa-issuance.replies")).send(reply);
        }
    }

    private void until(Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            // the routes table is redrawn as it refreshes: a row read while it is replaced is read again
            new WebDriverWait(browser, timeout).ignoring(StaleElementReferenceException.class)
                    .ignoring(IndexOutOfBoundsException.class).until(condition::apply);
        } catch (RuntimeException e) {
            screenshot("hawtio-failure.png");
            throw new AssertionError("the console never showed what was awaited; it showed: " + text(browser), e);
        }
    }

    private static String text(WebDriver browser) {
        return browser.findElement(By.tagName("body")).getText();
    }

    private void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
