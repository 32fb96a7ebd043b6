/* The HTML report in a real browser (headless chromium, scripts/browser.sh):
 * what a reader sees once the page's scripts ran. The DOM after loading
 * must hold each scenario's state diagram with the states it visited and
 * the failed transitions marked, the leak highlighted on the resource
 * timeline, a release out of order marked, and the filters must hide the
 * rows they exclude. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tool_runner.h"

#define RUN(...) tool_run((const char *const[]){ __VA_ARGS__, NULL })

static char *dir;

/* The DOM chromium built from path (with an optional #fragment), after scripts ran. */
static char *rendered_dom(const char *page)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "sh scripts/browser.sh dom '%s' 2>/dev/null", page);
    char *dom;
    int status = tool_shell(cmd, &dom);
    ck_assert_msg(status == 0, "the browser failed (status %d): is chromium installed?", status);
    ck_assert_msg(strstr(dom, "</html>") != NULL, "no document came back from the browser");
    return dom;
}

static char *report_of(const char *name, const char *const *extra)
{
    static char out[512];
    snprintf(out, sizeof out, "%s/%s", dir, name);
    const char *args[16] = { "run", "-q", "--format", "html", "-o", out };
    size_t n = 6;
    while (*extra)
        args[n++] = *extra++;
    args[n] = NULL;
    tool_output o = tool_run(args);
    ck_assert_msg(o.status == 0 || o.status == 1, "exit %d: %s", o.status, o.err);
    tool_output_free(&o);
    static char page[600];
    snprintf(page, sizeof page, "%s/report.html", out);
    return page;
}

/* The section of the first scenario whose name begins with `prefix` and
 * contains `also` (NULL: whose name is exactly `prefix`), as a string. */
static char *scenario_section_with(const char *dom, const char *prefix, const char *also)
{
    char start[256];
    snprintf(start, sizeof start, "data-scenario=\"%s%s", prefix, also ? "" : "\"");
    const char *a = strstr(dom, start);
    for (; a && also; a = strstr(a + 1, start)) {
        const char *name = a + strlen("data-scenario=\""), *end = strchr(name, '"');
        const char *hit = end ? strstr(name, also) : NULL;
        if (hit && hit < end)
            break;
    }
    ck_assert_msg(a != NULL, "no section for scenario %s%s", prefix, also ? also : "");
    const char *b = strstr(a, "</details>");
    ck_assert_ptr_nonnull(b);
    return strndup(a, (size_t)(b - a));
}

static char *scenario_section(const char *dom, const char *scenario)
{
    return scenario_section_with(dom, scenario, NULL);
}

/* The start tag of the first element whose tag begins with prefix. */
static char *start_tag(const char *dom, const char *prefix)
{
    const char *a = strstr(dom, prefix);
    ck_assert_msg(a != NULL, "no %s", prefix);
    const char *b = strchr(a, '>');
    ck_assert_ptr_nonnull(b);
    return strndup(a, (size_t)(b - a + 1));
}

START_TEST(state_diagram_and_timeline_are_drawn)
{
    char *dom = rendered_dom(report_of("leak", (const char *const[]){ "build/samples/vnic-leak.so", NULL }));
    /* The scripts ran: the count line is written by them. */
    ck_assert_ptr_nonnull(strstr(dom, "<span id=\"f-count\">2 of 2 findings shown</span>"));

    char *life = scenario_section(dom, "lifecycle");
    static const char *const visited[] = { "Halted", "Initializing", "Paused", "Restarting", "Running", "Pausing" };
    for (size_t i = 0; i < sizeof visited / sizeof visited[0]; i++) {
        char node[128];
        snprintf(node, sizeof node, "<g class=\"state visited\" data-state=\"%s\">", visited[i]);
        ck_assert_msg(strstr(life, node) != NULL, "state %s not drawn as visited", visited[i]);
    }
    ck_assert_ptr_nonnull(strstr(life, "<g class=\"state\" data-state=\"Shutdown\">"));  /* never reached */
    ck_assert_ptr_nonnull(strstr(life, "<g class=\"edge\" data-from=\"Paused\" data-to=\"Restarting\" data-count=\"2\">"));
    ck_assert_ptr_null(strstr(life, "edge failed"));
    /* the missing free: the timer held to the end, in red, said so */
    ck_assert_ptr_nonnull(strstr(life, "<g class=\"span leak\" data-kind=\"timer\""));
    const char *leak = strstr(life, "<g class=\"span leak\"");
    ck_assert_ptr_nonnull(strstr(leak, "data-free=\"leaked\">"));
    ck_assert_ptr_nonnull(strstr(leak, "<text class=\"flag\""));
    ck_assert_ptr_nonnull(strstr(leak, ">leaked</text>"));
    free(life);

    /* A failed Initialize (NDIS failed an allocation) goes back to Halted: red. */
    /* The run of initialize-fails that failed NdisMRegisterIoPortRange (its
     * number depends on how many allocations come before it). */
    char *failed = scenario_section_with(dom, "initialize-fails [allocation #", "fail NdisMRegisterIoPortRange in");
    ck_assert_ptr_nonnull(strstr(failed, "<g class=\"edge failed\" data-from=\"Initializing\" data-to=\"Halted\" "
                                         "data-count=\"1\">"));
    ck_assert_ptr_null(strstr(failed, "<g class=\"state visited\" data-state=\"Running\">"));
    free(failed);
    free(dom);

    /* A release out of order is marked on the timeline. */
    dom = rendered_dom(report_of("order", (const char *const[]){ "--scenario", "lifecycle",
                                                                  "build/samples/vnic-halt-reverse-order.so", NULL }));
    life = scenario_section(dom, "lifecycle");
    const char *wrong = strstr(life, "<g class=\"span wrong-order\" data-kind=\"shared_memory\"");
    ck_assert_ptr_nonnull(wrong);
    ck_assert_ptr_nonnull(strstr(wrong, ">released out of order</text>"));
    ck_assert_ptr_null(strstr(life, "span leak"));
    free(life);
    free(dom);
}
END_TEST

START_TEST(filters_hide_what_they_exclude)
{
    const char *page = report_of("filter", (const char *const[]){ "build/samples/vnic-leak.so", NULL });
    char url[700];
    snprintf(url, sizeof url, "%s#rule=INIT-FAIL-RELEASE", page);
    char *dom = rendered_dom(url);
    ck_assert_ptr_nonnull(strstr(dom, "<span id=\"f-count\">1 of 2 findings shown</span>"));
    char *halt = start_tag(dom, "<tr class=\"finding\" data-severity=\"error\" data-rule=\"HALT-FREE-ALL\"");
    char *init = start_tag(dom, "<tr class=\"finding\" data-severity=\"error\" data-rule=\"INIT-FAIL-RELEASE\"");
    ck_assert_msg(strstr(halt, " hidden=\"\"") != NULL, "the other rule's row is still shown: %s", halt);
    ck_assert_msg(strstr(init, "hidden") == NULL, "the selected rule's row is hidden: %s", init);
    ck_assert_ptr_nonnull(strstr(dom, "<section class=\"rule\" data-rule=\"HALT-FREE-ALL\" hidden=\"\">"));
    ck_assert_ptr_nonnull(strstr(dom, "<section class=\"rule\" data-rule=\"INIT-FAIL-RELEASE\">"));
    free(halt);
    free(init);
    free(dom);

    /* By scenario: lifecycle saw only the leak at Halt. */
    snprintf(url, sizeof url, "%s#scenario=lifecycle", page);
    dom = rendered_dom(url);
    ck_assert_ptr_nonnull(strstr(dom, "<span id=\"f-count\">1 of 2 findings shown</span>"));
    init = start_tag(dom, "<tr class=\"finding\" data-severity=\"error\" data-rule=\"INIT-FAIL-RELEASE\"");
    ck_assert_ptr_nonnull(strstr(init, " hidden=\"\""));
    free(init);
    free(dom);

    /* By severity: no warning in this run, every row hidden. */
    snprintf(url, sizeof url, "%s#severity=warning", page);
    dom = rendered_dom(url);
    ck_assert_ptr_nonnull(strstr(dom, "<span id=\"f-count\">0 of 2 findings shown</span>"));
    free(dom);
}
END_TEST

START_TEST(screenshot_is_rendered)
{
    const char *page = report_of("shot", (const char *const[]){ "--scenario", "lifecycle", "build/samples/vnic-leak.so", NULL });
    char png[600], cmd[1400];
    snprintf(png, sizeof png, "%s/report.png", dir);
    snprintf(cmd, sizeof cmd, "sh scripts/browser.sh screenshot '%s' '%s' 1200,1400", png, page);
    ck_assert_int_eq(system(cmd), 0);
    FILE *f = fopen(png, "rb");
    ck_assert_ptr_nonnull(f);
    unsigned char head[24];
    ck_assert_uint_eq(fread(head, 1, sizeof head, f), sizeof head);
    fclose(f);
    ck_assert(memcmp(head, "\x89PNG\r\n\x1a\n", 8) == 0);
    /* IHDR: the window size asked for */
    unsigned w = (unsigned)head[16] << 24 | (unsigned)head[17] << 16 | (unsigned)head[18] << 8 | head[19];
    unsigned h = (unsigned)head[20] << 24 | (unsigned)head[21] << 16 | (unsigned)head[22] << 8 | head[23];
    ck_assert_uint_eq(w, 1200);
    ck_assert_uint_eq(h, 1400);
}
END_TEST

int main(void)
{
    dir = tool_temp_dir("browser");
    Suite *s = suite_create("html_browser");
    TCase *tc = tcase_create("chromium");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, state_diagram_and_timeline_are_drawn);
    tcase_add_test(tc, filters_hide_what_they_exclude);
    tcase_add_test(tc, screenshot_is_rendered);
    suite_add_tcase(s, tc);
    int rc = tool_run_suite(s);
    char rm[600];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    if (system(rm) != 0)
        rc = EXIT_FAILURE;
    free(dir);
    return rc;
}
