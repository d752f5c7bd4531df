package kz.qazeta.hub.operations;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The operators' console as an operator sees it, in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, which {@code .ci/run} installs): a viewer signs in through the login form, opens Camel's
 * routes, finds the e-Visa routes with their counts, and is refused stopping one. The routes page is saved as
 * {@code target/screenshots/hawtio-routes.png}, the refusal as {@code hawtio-refused.png}. Without Chromium on the
 * machine the test is skipped, except in CI ({@code CI=true}), where a missing browser is a failure.
 */
@Tag("browser")
class HawtioConsoleBrowserTest extends ConsoleTestSupport {

    private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");
    private static final File CHROMIUM = new File("/usr/bin/chromium");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String ROUTE = "evisa-check-invitation";

    @Autowired
    private CamelContext camel;

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

        // the console sends a browser without a session to the login form
        browser.get(url("/actuator/hawtio/"));
        until(Duration.ofSeconds(60), b -> b.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.name("username")).sendKeys("viewer");
        browser.findElement(By.name("password")).sendKeys("sandbox-viewer-password");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        until(Duration.ofSeconds(120), b -> text(b).contains("viewer") && text(b).contains("Camel"));

        // Camel, its routes: every route of the context with its statistics; the e-Visa's among them
        browser.get(url("/actuator/hawtio/camel/routes"));
        By row = By.xpath("//tr[.//td[contains(normalize-space(), '" + ROUTE + "')]]");
        until(Duration.ofSeconds(120), b -> !b.findElements(row).isEmpty());
        assertThat(text(browser)).contains("Completed", "Failed", "Total", "evisa-request-payment", "evisa-issuance-decision");
        WebElement checkInvitation = browser.findElement(row);
        ((JavascriptExecutor) browser).executeScript("arguments[0].scrollIntoView({block: 'center'})", checkInvitation);
        // name, state, uptime, then the counts: completed, failed, handled, total, in flight
        String[] cells = checkInvitation.findElements(By.tagName("td")).stream().map(WebElement::getText)
                .map(String::strip).filter(t -> !t.isEmpty()).toArray(String[]::new);
        String shown = String.join(" | ", cells);
        assertThat(cells[1]).as(shown).isEqualTo("Started");
        assertThat(Integer.parseInt(cells[3])).as("completed exchanges: %s", shown).isPositive();
        assertThat(Integer.parseInt(cells[4])).as("failed exchanges: %s", shown).isNotNegative();
        screenshot("hawtio-routes.png");

        // stopping a route is an operator's: the console says so, and the route runs on
        checkInvitation.findElement(By.xpath(".//input[@type='checkbox']")).click();
        browser.findElement(By.xpath("//button[normalize-space()='Stop']")).click();
        until(Duration.ofSeconds(30), b -> text(b).contains("Couldn't stop the route"));
        assertThat(text(browser)).contains("forbidden");
        screenshot("hawtio-refused.png");
        assertThat(camel.getRouteController().getRouteStatus(ROUTE)).isEqualTo(ServiceStatus.Started);
    }

    private void until(Duration timeout, java.util.function.Function<WebDriver, Boolean> condition) {
        try {
            new WebDriverWait(browser, timeout).until(condition::apply);
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
