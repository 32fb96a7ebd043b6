/* The WDK pages rules cite: `pages:` files map the seed copies the project
 * was specified from (an internal name) to the page's title and public
 * learn.microsoft.com address, which is what users are shown. */
#ifndef MPC_RULES_DOC_PAGES_H
#define MPC_RULES_DOC_PAGES_H

#include <stddef.h>
#include "../input/yamldoc.h"

typedef struct {
    char *seed;   /* seed file name, e.g. 000_69f3f19d2011d430.txt */
    char *title;  /* "MINIPORT_HALT callback function (ndis.h)" */
    char *url;    /* https://learn.microsoft.com/... */
} doc_page;

typedef struct {
    doc_page *items;
    size_t count;
} doc_pages;

/* Adds the entries of a `pages:` list; a seed named twice is an error. */
int doc_pages_load(doc_pages *pages, const ynode *list, yerror *err);
const doc_page *doc_pages_find(const doc_pages *pages, const char *seed);
void doc_pages_free(doc_pages *pages);

/* 1 when url is an absolute https address (what a report can link to). */
int doc_url_valid(const char *url);

#endif
