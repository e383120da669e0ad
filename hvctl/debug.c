// SPDX-License-Identifier: GPL-2.0
/*
 * Looking into a guest: hvctl regs (what xenctx shows Xen users) and
 * hvctl trace (what xentrace records), with --symbols to name addresses.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "hvctl.h"
#include "parse.h"
#include "print.h"
#include "symbols.h"

/* What regs and trace share: the domain, the map, the connection */
struct debug_args {
	struct hv_domain_ref ref;
	const char *arg;		/* the domain as the user wrote it */
	struct symbols *syms;
	struct hv *hv;
};

/* [--symbols FILE] NAME|ID, then connect; an exit status */
static int debug_open(const struct command *cmd, int argc, char **argv,
		      struct debug_args *a)
{
	static const struct option options[] = {
		{ "symbols", required_argument, NULL, 's' },
		{ }
	};
	char why[SYMBOLS_WHY_LEN];
	const char *map = NULL;
	int c, ret;

	memset(a, 0, sizeof(*a));
	optind = 0;	/* glibc: start afresh, main() used getopt too */
	while ((c = getopt_long(argc, argv, ":s:", options, NULL)) != -1) {
		if (c != 's')
			return hvctl_bad_option(c, argv);
		map = optarg;
	}
	if (optind != argc - 1)
		return hvctl_usage(cmd);
	a->arg = argv[optind];
	ret = hvctl_parse_ref(a->arg, &a->ref);
	if (ret)
		return ret;
	if (map && symbols_load(map, &a->syms, why)) {
		fprintf(stderr, "hvctl: symbols %s: %s\n", map, why);
		return HVCTL_EXIT_USAGE;
	}
	ret = hvctl_open(&a->hv);
	if (ret)
		symbols_free(a->syms);
	return ret;
}

static void debug_close(struct debug_args *a)
{
	hv_close(a->hv);
	symbols_free(a->syms);
}

/* " <sym+0x12>" in text, "KEY": "sym+0x12" in JSON, if @addr has one */
static void print_symbol(const struct symbols *syms, const char *key,
			 uint32_t addr, bool text_only)
{
	char buf[SYMBOL_STR_LEN];

	if (symbols_format(syms, addr, text_only, buf))
		print_string(PRINT_ANY, key, " <%s>", buf);
}

/* --- regs --- */

static void print_reg(const char *name, uint32_t val, const char *sep)
{
	char fmt[32];

	snprintf(fmt, sizeof(fmt), "%s%s 0x%%08" PRIx64, sep, name);
	print_uint(PRINT_ANY, name, fmt, val);
}

static void print_regs_line(const char *const *names, const uint32_t *vals,
			    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		print_reg(names[i], vals[i], i ? " " : "");
	print_nl();
}

static void print_registers(const struct hv_vcpu_regs *r,
			    const struct symbols *syms)
{
	static const char *const gpr[] = {
		"eax", "ebx", "ecx", "edx", "esi", "edi", "ebp",
	};
	static const char *const seg[] = { "cs", "ss", "ds", "es", "fs", "gs" };
	static const char *const ctl[] = {
		"cr2", "vcr2", "vector", "error", "kernel_ss", "kernel_sp",
	};
	static const char *const ev[] = {
		"l3_pfn", "upcall_mask", "upcall_pending",
	};
	const uint32_t gv[] = {
		r->eax, r->ebx, r->ecx, r->edx, r->esi, r->edi, r->ebp,
	};
	const uint32_t sv[] = { r->cs, r->ss, r->ds, r->es, r->fs, r->gs };
	const uint32_t cv[] = {
		r->cr2, r->vcr2, r->vector, r->error, r->kernel_ss,
		r->kernel_sp,
	};
	const uint32_t evv[] = { r->l3_pfn, r->upcall_mask, r->upcall_pending };

	print_reg("eip", r->eip, "");
	print_symbol(syms, "eip_symbol", r->eip, false);
	print_reg("esp", r->esp, " ");
	print_reg("eflags", r->eflags, " ");
	print_nl();
	print_regs_line(gpr, gv, ARRAY_SIZE(gv));
	print_regs_line(seg, sv, ARRAY_SIZE(sv));
	print_regs_line(ctl, cv, ARRAY_SIZE(cv));
	print_regs_line(ev, evv, ARRAY_SIZE(evv));
}

/*
 * The words at ESP up: four to a line in text; with a map, one to a line
 * with the function each return address is in.
 */
static void print_stack(const struct hv_vcpu_regs *r,
			const struct symbols *syms)
{
	uint32_t i, addr;

	print_string(PRINT_TEXT, NULL, "%s", "stack:");
	print_open_array("stack");
	for (i = 0; i < r->nr_stack; i++) {
		addr = r->esp + 4 * i;
		print_open_object(NULL);
		if (syms || i % 4 == 0)
			print_uint(PRINT_TEXT, NULL, "\n  0x%08" PRIx64 ":", addr);
		print_uint(PRINT_JSON, "address", NULL, addr);
		print_uint(PRINT_ANY, "value", " 0x%08" PRIx64, r->stack[i]);
		print_symbol(syms, "symbol", r->stack[i], true);
		print_close_object();
	}
	print_close_array();
	print_nl();
}

/* The bytes at EIP: "0f 0b 90" in text, "0f0b90" in JSON */
static void print_code(const struct hv_vcpu_regs *r)
{
	char hex[2 * HV_CODE_BYTES + 1];
	uint32_t i;

	print_string(PRINT_TEXT, NULL, "%s", "code:");
	for (i = 0; i < r->nr_code; i++) {
		snprintf(hex + 2 * i, 3, "%02x", r->code[i]);
		print_uint(PRINT_TEXT, NULL, " %02" PRIx64, r->code[i]);
	}
	hex[2 * r->nr_code] = '\0';
	print_string(PRINT_JSON, "code", NULL, hex);
	print_nl();
}

int cmd_regs(const struct command *cmd, int argc, char **argv)
{
	struct hv_vcpu_regs r;
	struct debug_args a;
	int ret, err;

	ret = debug_open(cmd, argc, argv, &a);
	if (ret)
		return ret;
	err = hv_vcpu_regs(a.hv, &a.ref, &r);
	if (err) {
		ret = hvctl_fail(a.hv, err, cmd->name, a.arg);
	} else {
		print_open_object(NULL);
		print_registers(&r, a.syms);
		print_stack(&r, a.syms);
		print_code(&r);
		print_close_object();
		print_end();
	}
	debug_close(&a);
	return ret;
}

/* --- trace --- */

/* The exceptions by their mnemonics; hv's own exit codes after 255 */
static const char *vector_name(uint32_t kind, uint32_t nr)
{
	static const char *const exc[] = {
		"DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "",
		"TS", "NP", "SS", "GP", "PF", "", "MF", "AC", "MC", "XM",
	};
	static const char *const own[] = { "hypfault", "nmi-in-hv", "reenter" };

	if (kind == HV_TRACE_UPCALL)
		return NULL;
	if (nr < ARRAY_SIZE(exc) && *exc[nr])
		return exc[nr];
	if (kind == HV_TRACE_EXIT && nr >= 256 && nr - 256 < ARRAY_SIZE(own))
		return own[nr - 256];
	return nr == 0x80 ? "int80" : NULL;
}

/* A result: errors (-1 to -4095) in decimal, anything else in hex */
static void print_result(uint32_t res)
{
	int32_t s = (int32_t)res;

	print_uint(PRINT_JSON, "result", NULL, res);
	if (s < 0 && s >= -4095)
		print_uint(PRINT_TEXT, NULL, " = -%" PRIu64, (uint64_t)-s);
	else
		print_uint(PRINT_TEXT, NULL, " = 0x%" PRIx64, res);
}

static void print_call(const struct hv_trace_rec *rec)
{
	const char *name = hv_hypercall_name(rec->nr);
	uint32_t i;

	print_uint(PRINT_JSON, "nr", NULL, rec->nr);
	if (name)
		print_string(PRINT_ANY, "name", " %s", name);
	else
		print_uint(PRINT_TEXT, NULL, " %" PRIu64, rec->nr);
	print_string(PRINT_TEXT, NULL, "%s", "(");
	print_open_array("args");
	for (i = 0; i < rec->nr_args; i++)
		print_uint(PRINT_ANY, NULL, i ? ", 0x%" PRIx64 : "0x%" PRIx64,
			   rec->args[i]);
	print_close_array();
	print_string(PRINT_TEXT, NULL, "%s", ")");
	if (rec->has_result)
		print_result(rec->result);
}

/* Exits, bounces, upcalls: the vector, the handler, the error code */
static void print_event(const struct hv_trace_rec *rec,
			const struct symbols *syms)
{
	const char *name = vector_name(rec->kind, rec->nr);

	if (rec->kind != HV_TRACE_UPCALL) {
		print_uint(PRINT_ANY, "nr", " %" PRIu64, rec->nr);
		if (name)
			print_string(PRINT_ANY, "name", " (%s)", name);
	}
	if (rec->kind == HV_TRACE_EXIT) {
		if (rec->nr_args > 0)
			print_uint(PRINT_ANY, "error", " error 0x%" PRIx64,
				   rec->args[0]);
		if (rec->nr_args > 1 && rec->nr == 14)
			print_uint(PRINT_ANY, "cr2", " cr2 0x%08" PRIx64,
				   rec->args[1]);
		return;
	}
	/* Bounces and upcalls: "-> CS:EIP <symbol>" of the handler */
	if (rec->nr_args > 1)
		print_uint(PRINT_ANY, "handler_cs", " -> 0x%" PRIx64 ":",
			   rec->args[1]);
	if (rec->nr_args > 0) {
		print_uint(PRINT_ANY, "handler", "0x%08" PRIx64, rec->args[0]);
		print_symbol(syms, "handler_symbol", rec->args[0], false);
	}
	if (rec->nr_args > 2 && rec->kind == HV_TRACE_BOUNCE)
		print_uint(PRINT_ANY, "error", " error 0x%" PRIx64,
			   rec->args[2]);
}

static int print_rec(const struct hv_trace_rec *rec, void *arg)
{
	const struct symbols *syms = arg;
	char time[NS_STR_LEN];

	print_open_object(NULL);
	print_uint(PRINT_ANY, "seq", "%8" PRIu64, rec->seq);
	print_uint(PRINT_JSON, "time_ns", NULL, rec->time_ns);
	print_string(PRINT_TEXT, NULL, " %16s", format_ns(rec->time_ns, time));
	print_string(PRINT_ANY, "kind", " %s", hv_trace_kind_name(rec->kind));
	if (rec->kind == HV_TRACE_HYPERCALL || rec->kind == HV_TRACE_MULTICALL)
		print_call(rec);
	else
		print_event(rec, syms);
	print_uint(PRINT_ANY, "eip", " eip 0x%08" PRIx64, rec->eip);
	print_symbol(syms, "eip_symbol", rec->eip, false);
	print_uint(PRINT_ANY, "cs", " cs 0x%" PRIx64, rec->cs);
	print_close_object();
	print_nl();
	return 0;
}

int cmd_trace(const struct command *cmd, int argc, char **argv)
{
	struct debug_args a;
	uint64_t seq = 0;
	int ret, err;

	ret = debug_open(cmd, argc, argv, &a);
	if (ret)
		return ret;
	print_open_array(NULL);
	err = hv_vcpu_trace(a.hv, &a.ref, &seq, print_rec, a.syms);
	print_close_array();
	print_end();
	if (err)
		ret = hvctl_fail(a.hv, err, cmd->name, a.arg);
	debug_close(&a);
	return ret;
}
