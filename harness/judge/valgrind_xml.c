/* Reading memcheck's XML output (valgrind_xml.h) with libxml2. The format
 * is valgrind's docs/internals/xml-output-protocol4.txt: <valgrindoutput>
 * holds <error> elements, each with <kind>, <what> or <xwhat><text>, and a
 * <stack> of <frame>s (<ip>, <obj>, <fn>, <dir>, <file>, <line>). */
#include "valgrind_xml.h"
#include "../trace/atom.h"

#include <dlfcn.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* libxml2 is opened when XML is first read, not linked: it brings ICU and
 * libstdc++, whose relocation was 2.7 M of the 4.1 M instructions every
 * start of mpconform cost (callgrind, `mpconform --version`), and only
 * `run --valgrind` reads XML. The headers still give the types. */
static struct {
    int tried;
    void *lib;
    xmlDoc *(*read_file)(const char *, const char *, int);
    xmlNode *(*root_of)(const xmlDoc *);
    xmlChar *(*content_of)(const xmlNode *);
    void (*free_doc)(xmlDoc *);
    xmlFreeFunc *free_text;  /* the library's variable xmlFree */
    char why[256];
} libxml;

#define LIBXML_SONAME "libxml2.so.2"

static int libxml_open(void)
{
    if (libxml.tried)
        return libxml.lib ? 0 : -1;
    libxml.tried = 1;
    void *lib = dlopen(LIBXML_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (lib) {
        *(void **)&libxml.read_file = dlsym(lib, "xmlReadFile");
        *(void **)&libxml.root_of = dlsym(lib, "xmlDocGetRootElement");
        *(void **)&libxml.content_of = dlsym(lib, "xmlNodeGetContent");
        *(void **)&libxml.free_doc = dlsym(lib, "xmlFreeDoc");
        libxml.free_text = dlsym(lib, "xmlFree");
    }
    if (!lib || !libxml.read_file || !libxml.root_of || !libxml.content_of || !libxml.free_doc ||
        !libxml.free_text || !*libxml.free_text) {
        const char *e = dlerror();
        snprintf(libxml.why, sizeof libxml.why, "%s", e ? e : LIBXML_SONAME ": a function is missing");
        if (lib)
            dlclose(lib);
        return -1;
    }
    libxml.lib = lib;
    return 0;
}

static xmlNode *child(xmlNode *n, const char *name)
{
    for (xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
            return c;
    return NULL;
}

/* The element's text, malloc'd; NULL when absent. */
static char *text_of(xmlNode *n)
{
    if (!n)
        return NULL;
    xmlChar *t = libxml.content_of(n);
    char *s = t ? strdup((const char *)t) : NULL;
    if (t)
        (*libxml.free_text)(t);
    return s;
}

/* The element's text as an atom (event.h); NULL when absent. */
static const char *atom_of(xmlNode *n)
{
    char *s = text_of(n);
    const char *a = atom(s);
    free(s);
    return a;
}

static void frame_from_xml(xmlNode *fx, frame *f)
{
    char *ip = text_of(child(fx, "ip"));
    f->pc = ip ? strtoull(ip, NULL, 16) : 0;
    free(ip);
    f->module = atom_of(child(fx, "obj"));
    f->function = atom_of(child(fx, "fn"));
    char *dir = text_of(child(fx, "dir")), *file = text_of(child(fx, "file"));
    if (file && dir) {
        size_t n = strlen(dir) + strlen(file) + 2;
        char *path = malloc(n);
        if (path)
            snprintf(path, n, "%s/%s", dir, file);
        f->file = atom(path);
        free(path);
    } else {
        f->file = atom(file);
    }
    free(file);
    free(dir);
    char *line = text_of(child(fx, "line"));
    f->line = line ? atoi(line) : 0;
    free(line);
}

static int same_module(const char *a, const char *driver_real)
{
    char real[PATH_MAX];
    return a && driver_real[0] && realpath(a, real) && strcmp(real, driver_real) == 0;
}

/* memcheck's stack, keeping only the driver's frames when it has any: the
 * harness's own frames (the NDIS emulation, the allocator) say nothing to
 * the driver's author. */
static void stack_from_xml(xmlNode *stack, const char *driver_real, backtrace_t *bt)
{
    size_t total = 0, mine = 0;
    for (xmlNode *c = stack ? stack->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && !strcmp((const char *)c->name, "frame")) {
            total++;
            char *obj = text_of(child(c, "obj"));
            mine += same_module(obj, driver_real);
            free(obj);
        }
    if (!total || !(bt->frames = calloc(total, sizeof(frame))))
        return;
    for (xmlNode *c = stack->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "frame") != 0)
            continue;
        frame f = { 0 };
        frame_from_xml(c, &f);
        if (mine && !same_module(f.module, driver_real))
            continue;
        bt->frames[bt->count++] = f;
    }
}

static void add_str_arg(event *ev, const char *key, const char *value)
{
    event_arg *args = realloc(ev->args, (ev->nargs + 1) * sizeof *args);
    if (!args)
        return;
    ev->args = args;
    memset(&args[ev->nargs], 0, sizeof args[0]);
    args[ev->nargs].key = atom(key);
    args[ev->nargs].is_str = 1;
    args[ev->nargs++].str = atom(value ? value : "");
}

static int error_to_event(xmlNode *e, const char *driver_real, const char *scenario, const event *last,
                          event *ev)
{
    memset(ev, 0, sizeof *ev);
    ev->kind = EV_VALGRIND;
    ev->name = atom_of(child(e, "kind"));
    if (!ev->name)
        return -1;
    char *what = text_of(child(e, "what"));
    if (!what)
        what = text_of(child(child(e, "xwhat"), "text"));
    add_str_arg(ev, "what", what);
    free(what);
    ev->scenario = atom(scenario);
    ev->adapter = -1;
    ev->callback = "";
    ev->state = last ? last->state : "Halted";
    ev->time_us = last ? last->time_us : 0;
    stack_from_xml(child(e, "stack"), driver_real, &ev->bt);
    return 0;
}

int valgrind_xml_add_events(const char *xml_path, const char *driver_path, const char *scenario,
                            event_list *events, char *err, size_t errlen)
{
    struct stat st;
    if (stat(xml_path, &st) != 0 || st.st_size == 0)
        return 0;  /* valgrind did not get to write: the host's outcome says why */
    if (libxml_open() != 0) {
        snprintf(err, errlen, "%s: memcheck's XML is read with libxml2, which could not be loaded: %s", xml_path,
                 libxml.why);
        return -1;
    }
    xmlDoc *doc = libxml.read_file(xml_path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNode *root = doc ? libxml.root_of(doc) : NULL;
    if (!root || strcmp((const char *)root->name, "valgrindoutput") != 0) {
        snprintf(err, errlen, "%s: not valgrind XML output", xml_path);
        if (doc)
            libxml.free_doc(doc);
        return -1;
    }
    char driver_real[PATH_MAX] = "";
    if (!realpath(driver_path, driver_real))
        driver_real[0] = 0;
    /* A crash, hang or load error ends the trace: the errors go before it. */
    event tail;
    int keep_tail = events->count &&
                    (events->items[events->count - 1].kind == EV_CRASH || events->items[events->count - 1].kind == EV_HANG ||
                     events->items[events->count - 1].kind == EV_ERROR);
    if (keep_tail)
        tail = events->items[--events->count];
    const event *last = events->count ? &events->items[events->count - 1] : NULL;
    int added = 0;
    for (xmlNode *e = root->children; e; e = e->next) {
        if (e->type != XML_ELEMENT_NODE || strcmp((const char *)e->name, "error") != 0)
            continue;
        event ev;
        if (error_to_event(e, driver_real, scenario, last, &ev) != 0) {
            event_free(&ev);
            continue;
        }
        ev.index = events->count;
        if (event_list_push(events, &ev) != 0) {
            event_free(&ev);
            break;
        }
        last = &events->items[events->count - 1];
        added++;
    }
    if (keep_tail) {
        tail.index = events->count;
        if (event_list_push(events, &tail) != 0)
            event_free(&tail);
    }
    libxml.free_doc(doc);
    return added;
}
