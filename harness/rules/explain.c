/* `mpconform rules` (one line per rule) and `mpconform explain ID`. */
#include "rule_model.h"

#include <stdio.h>
#include <string.h>

void ruleset_print_list(const ruleset *rs, FILE *out)
{
    fprintf(out, "%-30s %-8s %-9s %s\n", "ID", "SEVERITY", "KIND", "SUMMARY");
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = rs->rules[i];
        fprintf(out, "%-30s %-8s %-9s %s\n", r->id, severity_name(r->sev), rule_kind(r), r->summary);
    }
}

int ruleset_print_explain(const ruleset *rs, const char *id, FILE *out)
{
    const rule *r = ruleset_find(rs, id);
    if (!r)
        return -1;
    fprintf(out, "%s (%s, %s)\n", r->id, severity_name(r->sev), rule_kind(r));
    fprintf(out, "  %s\n\n", r->summary);
    if (r->doc_page)
        fprintf(out, "Documentation: %s (%s)\n", r->doc_page, r->doc_url);
    if (r->doc_file)
        fprintf(out, "%s/work/shared/seeds/%s\n", r->doc_page ? "  seed copy: " : "Documentation: ", r->doc_file);
    fprintf(out, "  \"%s\"\n\n", r->doc_passage);
    fprintf(out, "Message: %s\n", r->message);
    fprintf(out, "Defined at: %s\n", r->source);
    for (size_t i = 0; i < r->nsupersedes; i++)
        fprintf(out, "Supersedes: %s\n", r->supersedes[i]);
    fprintf(out, "\n%s", r->body_text ? r->body_text : "");
    return 0;
}
