package org.siphint.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.siphint.finding.Finding;

/**
 * Opens reports in headless Chromium as a person would: the arrows and the highlighted fault are
 * there, a click shows the message as logged, and markup from a hostile log stays text and runs
 * nothing. Needs Debian's {@code chromium} and {@code chromium-driver} ({@code .ci/run} installs
 * them); without them this test fails, it does not skip.
 */
class ReportBrowserIT {

    private static final Path OUT = Path.of("target", "report-browser");
    private static ChromeDriver driver;
    private static Path profile;

    @BeforeAll
    static void startChromium() throws Exception {
        Path chromium = tool("SIPHINT_CHROMIUM", "chromium", "/usr/bin/chromium");
        Path chromedriver = tool("SIPHINT_CHROMEDRIVER", "chromedriver", "/usr/bin/chromedriver");
        Files.createDirectories(OUT);
        profile = Files.createTempDirectory("siphint-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1100,1240", "--user-data-dir=" + profile);
        // an alert stays open, so the test sees it instead of Selenium dismissing it
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopChromium() throws Exception {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** The tool from an environment variable, the PATH or its Debian path; fails clearly when it is missing. */
    private static Path tool(String variable, String command, String debianPath) {
        String configured = System.getenv(variable);
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        if (Files.isExecutable(Path.of(debianPath))) {
            return Path.of(debianPath);
        }
        return fail(command + " is missing: the report browser test needs Debian's chromium and chromium-driver "
                + "(apt-get install chromium chromium-driver; .ci/run installs them), or " + variable + " set to it");
    }

    private static Path writeReport(String name, Path... logs) throws Exception {
        RecordedReplay r = RecordedReplay.of(null, logs);
        Finding f = r.findings().stream().filter(x -> x.evidence().get(0).file().equals(logs[logs.length - 1].toString()))
                .findFirst().orElse(r.findings().get(0));
        Path page = OUT.resolve(name).toAbsolutePath();
        ReportWriter.writeAtomically(page, CallReport.page(r.recorder(), f.callId(), List.of(f), ZoneId.of("UTC")));
        return page;
    }

    @Test
    void arrowsHighlightAndAClickShowsTheMessage() throws Exception {
        Path page = writeReport("two-logs.html", Path.of("src/test/resources/report/two-logs/softphone.log"),
                Path.of("src/test/resources/report/two-logs/pbx.log"));
        driver.get(page.toUri().toString());
        assertNoAlert();

        assertEquals(2, driver.findElements(By.cssSelector("svg .party")).size());
        List<WebElement> arrows = driver.findElements(By.cssSelector("svg g.arrow"));
        assertEquals(8, arrows.size(), "one arrow per message, both logs' views paired");
        assertEquals(2, driver.findElements(By.cssSelector("svg g.arrow.fault")).size(), "the offer and the 488");
        assertEquals(1, driver.findElements(By.cssSelector("svg g.arrow.lost")).size(), "the INVITE copy the PBX never got");
        assertEquals(1, driver.findElements(By.cssSelector("svg g.note.fault")).size(), "the PBX's NOTICE");

        WebElement detail = driver.findElement(By.id("f0-detail"));
        assertTrue(detail.getText().contains("INVITE sip:2001@pbx.example.com"), "the first fault is shown at once: "
                + detail.getText());

        WebElement refusal = arrows.stream().filter(a -> "488 Not Acceptable Here".equals(a.getAttribute("aria-label")))
                .findFirst().orElseThrow();
        refusal.click();
        waitFor(detail, "SIP/2.0 488 Not Acceptable Here");
        assertTrue(detail.getText().contains("pbx.log:104 (sent)"), detail.getText());
        assertTrue(detail.getText().contains("softphone.log:146 (received)"), detail.getText());
        assertTrue(refusal.getAttribute("class").contains("selected"));

        driver.findElement(By.cssSelector("svg g.arrow.lost")).click();
        waitFor(detail, "never received by PBX");
        assertTrue(detail.getText().contains("softphone.log:66 (sent)"), detail.getText());

        refusal.click();
        driver.executeScript("window.scrollTo(0, 0)");
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, OUT.resolve("ladder.png"), StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(OUT.resolve("ladder.png")) > 10_000, "a screenshot with something in it");
    }

    @Test
    void markupFromAHostileLogIsShownAsTextAndRunsNothing() throws Exception {
        Path page = writeReport("hostile.html", Path.of(ReportSafetyTest.HOSTILE));
        driver.get(page.toUri().toString());
        assertNoAlert();

        assertTrue(driver.findElements(By.tagName("img")).isEmpty(), "an <img> element from the log");
        List<WebElement> scripts = driver.findElements(By.tagName("script"));
        assertEquals(2, scripts.size(), "only the page's data block and its own script");
        assertEquals("application/json", scripts.get(0).getAttribute("type"));
        assertTrue(driver.findElements(By.cssSelector("svg b, .detail b, .detail script")).isEmpty());

        WebElement detail = driver.findElement(By.id("f0-detail"));
        assertTrue(detail.getText().contains("From: \"<img src=x onerror=alert(1)><script>alert(2)</script>\" <sip:evil@x>"),
                "the display name as literal text: " + detail.getText());
        WebElement refusal = driver.findElements(By.cssSelector("svg g.arrow")).get(1);
        assertEquals("488 Not <b>Acceptable</b> Here", refusal.findElement(By.cssSelector("text.label")).getText());
        refusal.click();
        waitFor(detail, "Server: </script><script>alert(3)");
        assertTrue(driver.findElements(By.tagName("img")).isEmpty());
        assertEquals(2, driver.findElements(By.tagName("script")).size());
        assertFalse(driver.getPageSource().contains("<img src=x"), "the DOM never holds the log's markup as elements");
        assertNoAlert();
    }

    @Test
    void theHistoryPageFiltersBySituationAndAccountAndKeepsHostileTextAsText() throws Exception {
        Path dir = OUT.resolve("history").toAbsolutePath();
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        RecordedReplay r = RecordedReplay.of(null, Path.of("src/test/resources/report/two-logs/softphone.log"),
                Path.of("src/test/resources/report/two-logs/pbx.log"));
        ReportWriter reports = new ReportWriter(dir, r.recorder(), ReportWriter.When.AT_ONCE, 200, ZoneId.of("UTC"));
        History history = new History(dir, reports, ZoneId.of("UTC"));
        java.time.Instant t = java.time.Instant.parse("2026-03-04T09:00:00Z");
        history.accept(HistoryTest.finding("sip-401", "error", "sip:alice@example.com", "a1", t, "Wrong password for alice."));
        history.accept(HistoryTest.finding("sip-408", "warning", "sip:bob@example.com", "b1", t.plusSeconds(600),
                "No answer from the server."));
        history.accept(HistoryTest.finding("sip-401", "error", HistoryTest.HOSTILE_ACCOUNT, "h1", t.plusSeconds(1200),
                HistoryTest.HOSTILE_SUMMARY));
        Finding real = r.findings().get(0);
        reports.accept(real);
        history.accept(real);

        driver.get(dir.resolve(History.PAGE_FILE).toUri().toString());
        assertNoAlert();
        List<WebElement> rows = driver.findElements(By.cssSelector("tr.finding"));
        assertEquals(4, rows.size());
        assertTrue(rows.get(0).getText().contains(real.title()), "newest first: " + rows.get(0).getText());
        assertTrue(rows.get(3).getText().contains("Wrong password for alice."), rows.get(3).getText());
        assertTrue(driver.findElements(By.tagName("img")).isEmpty(), "an <img> element from the log");
        assertEquals(1, driver.findElements(By.tagName("script")).size(), "only the page's own script");
        assertTrue(rows.get(1).getText().contains(HistoryTest.HOSTILE_SUMMARY), "the summary as literal text: "
                + rows.get(1).getText());
        assertTrue(rows.get(1).getText().contains(HistoryTest.HOSTILE_ACCOUNT), rows.get(1).getText());

        choose("situation", "sip-401");
        assertEquals(2, visible().size(), "two sip-401 findings");
        assertEquals("2", driver.findElement(By.id("shown")).getText());
        choose("account", HistoryTest.HOSTILE_ACCOUNT);
        assertEquals(1, visible().size(), "the hostile account's one finding, matched as a string");
        assertTrue(visible().get(0).getText().contains(HistoryTest.HOSTILE_ACCOUNT));
        choose("situation", "");
        choose("account", "");
        assertEquals(4, visible().size());
        assertNoAlert();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 520));
        Path shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, OUT.resolve("history.png"), StandardCopyOption.REPLACE_EXISTING);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1100, 1240));

        driver.findElement(By.linkText("report")).click();
        assertTrue(driver.getCurrentUrl().endsWith(ReportNames.fileName(ReportNames.id(real))), driver.getCurrentUrl());
        assertEquals(1, driver.findElements(By.cssSelector("section.finding")).size(), "the finding's report opened");
    }

    /** Chooses the option of the select {@code id} whose value is {@code value}, as a click does. */
    private static void choose(String id, String value) {
        WebElement select = driver.findElement(By.id(id));
        select.findElements(By.tagName("option")).stream().filter(o -> value.equals(o.getAttribute("value")))
                .findFirst().orElseThrow(() -> new AssertionError("no option '" + value + "' in #" + id)).click();
    }

    private static List<WebElement> visible() {
        return driver.findElements(By.cssSelector("tr.finding")).stream().filter(WebElement::isDisplayed).toList();
    }

    /** Waits, at most 5 s, for the detail panel to show {@code text} (the click handler is synchronous; this only absorbs rendering). */
    private static void waitFor(WebElement detail, String text) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!detail.getText().contains(text)) {
            if (System.nanoTime() > deadline) {
                fail("the message panel does not show '" + text + "' after the click; it shows:\n" + detail.getText());
            }
            Thread.sleep(50);
        }
    }

    private static void assertNoAlert() {
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "an alert fired from log text");
    }
}
