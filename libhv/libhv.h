/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libhv: the client library of the hv hypervisor.
 *
 * It is the only code that speaks the "hv" generic netlink protocol
 * (include/uapi/linux/hv.h); tools such as hvctl link it and never touch
 * netlink themselves.
 *
 * Conventions: every function that can fail returns 0 or a negative errno
 * value, never a libnl error code.  After a failure hv_errmsg() tells why in
 * words, preferring the kernel's own message.  A struct hv must not be used
 * by two threads at once.
 */
#ifndef LIBHV_H
#define LIBHV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/hv.h>

#ifdef __cplusplus
extern "C" {
#endif

/* A connection to the hv module. */
struct hv;

/* One non-zero counter of a domain */
struct hv_stat {
	uint32_t kind;		/* enum hv_stat_kind */
	uint32_t index;		/* exit reason, hypercall number or vector */
	uint64_t count;
};

/* More than a guest uses: a few exit reasons, hypercalls and vectors */
#define HV_DOMAIN_STATS_MAX	64
#define HV_END_REASON_MAX	127

/* struct hv_domain.has: which of the optional fields the kernel sent */
#define HV_DOMAIN_HAS_END	0x1U	/* end, once it stopped */
#define HV_DOMAIN_HAS_END_EIP	0x2U	/* end_eip, once killed */
#define HV_DOMAIN_HAS_CPU_TIME	0x4U	/* cpu_time_ns */
#define HV_DOMAIN_STATS_CUT	0x8U	/* more counters than fit */

struct hv_domain {
	uint32_t id;				/* 1..HV_DOMID_MAX */
	char name[HV_DOMAIN_NAME_MAX + 1];	/* NUL-terminated */
	uint64_t memory;			/* bytes */
	uint32_t state;				/* enum hv_domain_state */
	/* Since LIBHV_0.2; what an old kernel does not send stays 0 */
	uint32_t has;				/* HV_DOMAIN_HAS_* */
	uint32_t end;				/* enum hv_end */
	uint32_t end_eip;			/* guest EIP when killed */
	/* Why hv killed it: printable ASCII, cut to fit; "" if none */
	char end_reason[HV_END_REASON_MAX + 1];
	uint64_t cpu_time_ns;			/* time the guest ran */
	uint32_t nr_stats;			/* entries used in stats[] */
	struct hv_stat stats[HV_DOMAIN_STATS_MAX];
	/* Since LIBHV_0.5: the PV disks (domain-get only) */
	uint32_t nr_disks;
	struct hv_disk {
		uint32_t vdev;			/* virtual-device number */
		uint32_t readonly;
		uint64_t sectors;		/* 512 bytes each */
		/* After LIBHV_0.6: the ring and its counters */
		uint32_t ring_pages;		/* 0: front end not connected */
		uint32_t pad;
		uint64_t requests;		/* answered since the start */
		uint64_t errors;		/* of those, failed */
	} disks[HV_DISKS_MAX];
};

/* Names one domain: by id when id is not 0, else by name. */
struct hv_domain_ref {
	uint32_t id;
	const char *name;
};

/*
 * hv_open() - connect to the hv module.
 * @hvp: set to the new connection, or to NULL on failure.
 *
 * Return: 0, -ENOENT when the hv generic netlink family is not registered
 * (the hv module is not loaded), or another negative errno when no netlink
 * socket could be set up.
 */
int hv_open(struct hv **hvp);

/* hv_close() - close a connection from hv_open(); NULL is ignored. */
void hv_close(struct hv *hv);

/*
 * hv_errmsg() - why the last call on @hv failed.
 *
 * Return: the kernel's extended ack message if it sent one, else a message
 * of libhv, else "" (then strerror() of the returned errno says it all).
 * The string stays valid until the next call on @hv.
 */
const char *hv_errmsg(const struct hv *hv);

/*
 * hv_domain_create() - create a domain and reserve its memory.
 * @name: a valid domain name, see hv_domain_name_valid().
 * @memory: bytes; the kernel wants a multiple of 4096 in
 *	    HV_MEMORY_MIN..HV_MEMORY_MAX.
 * @out: if not NULL, filled with the new domain (its id, its state).
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -EINVAL for a bad name or size, -EEXIST
 * when the name is taken, -EPERM without permission, -ENOMEM when the host
 * cannot spare the memory, or another negative errno.
 */
int hv_domain_create(struct hv *hv, const char *name, uint64_t memory,
		     struct hv_domain *out);

/*
 * hv_domain_get() - look up one domain.
 * @ref: the domain, by id or by name.
 * @out: filled with the domain.
 *
 * Return: 0, -ENOENT when there is no such domain, -EINVAL when @ref names
 * no possible domain, or another negative errno.
 */
int hv_domain_get(struct hv *hv, const struct hv_domain_ref *ref,
		  struct hv_domain *out);

/*
 * hv_domain_list() - call @cb for every domain.
 * @cb: gets each domain and @arg; returns 0 to go on, anything else to
 *	stop the walk.
 *
 * Return: 0 after the last domain, the value @cb stopped with, -EAGAIN when
 * domains came or went while the list was read (@cb may have seen some of
 * them; read again), or another negative errno.
 */
int hv_domain_list(struct hv *hv,
		   int (*cb)(const struct hv_domain *dom, void *arg),
		   void *arg);

/*
 * hv_domain_destroy() - destroy a domain and free all it held.
 * @ref: the domain, by id or by name.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT when there is no such domain,
 * -EPERM without permission, or another negative errno.
 */
int hv_domain_destroy(struct hv *hv, const struct hv_domain_ref *ref);

/*
 * hv_monitor() - wait for domain events and hand each one to @cb.
 * @cb: gets the event (enum hv_event), the domain as it is after the event,
 *	and @arg; returns 0 to wait for the next event, anything else to stop.
 *
 * Listens on a socket of its own, so @hv stays usable from within @cb.
 *
 * Return: the value @cb stopped with, -ENOBUFS when events were lost
 * because they came faster than they were read, -EPROTO for a malformed
 * event, -ENOENT when the hv family (the module) has gone, or another
 * negative errno.  Never returns 0 by itself.
 */
int hv_monitor(struct hv *hv,
	       int (*cb)(uint32_t event, const struct hv_domain *dom,
			 void *arg),
	       void *arg);

/*
 * hv_domain_pause() - stop running a domain's vCPU until it is resumed.
 * hv_domain_resume() - run it again.
 * @ref: the domain, by id or by name.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT when there is no such domain,
 * -EPERM without permission, or another negative errno (the kernel says
 * why in hv_errmsg(), as when the domain is not running or paused).
 */
int hv_domain_pause(struct hv *hv, const struct hv_domain_ref *ref);
int hv_domain_resume(struct hv *hv, const struct hv_domain_ref *ref);

/*
 * hv_disk_add() - give a domain, before it starts, a PV block device
 * served from an open file or block device.
 * @ref: the domain, by id or by name.
 * @fd: the file, open for reading and writing, or for reading only with
 *      @readonly; hv keeps its own reference, the caller may close it.
 * @vdev: the guest's virtual-device number (xvda: 202 << 8, xvdb:
 *        202 << 8 | 16, ...).
 *
 * Needs CAP_NET_ADMIN.  Return: 0 or a negative errno (-EBUSY once the
 * domain started, -EEXIST for a number in use; hv_errmsg() says why).
 */
int hv_disk_add(struct hv *hv, const struct hv_domain_ref *ref, int fd,
		uint32_t vdev, bool readonly);

/*
 * hv_domain_wait() - wait until a domain is shut down or crashed.
 * @ref: the domain, by id or by name.
 * @out: filled with the domain as it ended: see its end fields.
 *
 * Returns at once for a domain that has already ended.  Listens on a
 * socket of its own.
 *
 * Return: 0, -ENOENT when there is no such domain or it was destroyed
 * while waited for, or another negative errno.
 */
int hv_domain_wait(struct hv *hv, const struct hv_domain_ref *ref,
		   struct hv_domain *out);

/*
 * hv_domain_wait_timeout() - hv_domain_wait() for at most @timeout_ms
 * milliseconds (-1: no limit).
 *
 * Return: as hv_domain_wait(), or -ETIMEDOUT when the domain had not
 * ended in time (@out is then the domain as last seen).
 */
int hv_domain_wait_timeout(struct hv *hv, const struct hv_domain_ref *ref,
			   int timeout_ms, struct hv_domain *out);

/* What hv_domain_shutdown() asks a guest for */
enum hv_shutdown_request {
	HV_SHUTDOWN_POWEROFF,
	HV_SHUTDOWN_REBOOT,
	HV_SHUTDOWN_HALT,	/* Linux powers off */
};

/*
 * hv_domain_shutdown() - ask a domain's guest to shut down in order, as
 * Xen's toolstack does: writes "poweroff", "reboot" or "halt" into its
 * xenstore node control/shutdown.  A guest that watches the node (Linux
 * does) acknowledges by writing "" over it and runs its own shutdown
 * (Linux: /sbin/poweroff or /sbin/reboot, so its init stops everything);
 * see hv_domain_shutdown_acked().  Returns without waiting: wait with
 * hv_domain_wait_timeout(), then hv_domain_destroy() one that does not
 * end.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT, -EINVAL when the domain's
 * guest is not running or paused (hv_errmsg() says its state) or @how is
 * unknown, -EPERM, or another negative errno.
 */
int hv_domain_shutdown(struct hv *hv, const struct hv_domain_ref *ref,
		       enum hv_shutdown_request how);

/*
 * hv_domain_shutdown_acked() - whether the guest has taken the request
 * of hv_domain_shutdown(): @acked is false while the word is still in
 * control/shutdown (a guest that does not watch it leaves it there).
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT, -EINVAL when the guest is no
 * longer running, or another negative errno.
 */
int hv_domain_shutdown_acked(struct hv *hv, const struct hv_domain_ref *ref,
			     bool *acked);

/*
 * hv_domain_sysrq() - have the guest handle the magic SysRq @key, as
 * Xen's toolstack does: writes it into the xenstore node control/sysrq,
 * which Linux watches (with CONFIG_MAGIC_SYSRQ).
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -EINVAL when @key is not one
 * printable character or the guest is not running, -ENOENT, -EPERM, or
 * another negative errno.
 */
int hv_domain_sysrq(struct hv *hv, const struct hv_domain_ref *ref, char key);

/* No frame: an optional frame of struct hv_boot that is not there */
#define HV_PFN_NONE		UINT32_MAX

/*
 * How a guest starts (HV_A_DOMAIN_BOOT): its initial registers and the
 * pseudo-physical frames the module fills in or checks.  All VAs are
 * 32-bit guest addresses.
 */
struct hv_boot {
	uint32_t entry;			/* initial EIP */
	uint32_t stack;			/* initial ESP */
	uint32_t start_info;		/* VA of start_info, for ESI */
	uint32_t start_info_pfn;
	uint32_t pt_pfn;		/* the bootstrap L3, then the others */
	uint32_t nr_pt_frames;
	uint32_t p2m_pfn;		/* first frame of the P2M list */
	uint32_t hypercall_pfn;		/* the module fills the page */
	uint32_t console_pfn;		/* or HV_PFN_NONE */
	uint32_t store_pfn;		/* or HV_PFN_NONE */
};

/*
 * hv_domain_load() - write guest memory of a domain not yet started.
 * @pfn: the first pseudo-physical frame written.
 * @data: 1..HV_LOAD_MAX bytes, written from the start of @pfn on.
 *
 * Frames are zero when a domain is created.  Needs CAP_NET_ADMIN.
 * Return: 0, -EINVAL for a bad size, -ENOENT, -EPERM, or another
 * negative errno (as when the domain is no longer "created").
 */
int hv_domain_load(struct hv *hv, const struct hv_domain_ref *ref,
		   uint32_t pfn, const void *data, size_t len);

/*
 * hv_domain_start() - check the loaded guest, fill in what only the
 * module knows (P2M list, hypercall page, machine frames) and start it.
 * @boot: as hv_domain_build() computes it.
 * @paused: leave it paused; hv_domain_resume() runs it.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT, -EPERM, or another negative
 * errno with the kernel's reason in hv_errmsg().
 */
int hv_domain_start(struct hv *hv, const struct hv_domain_ref *ref,
		    const struct hv_boot *boot, bool paused);

/* What hv_domain_build() puts into a domain */
struct hv_build_args {
	/*
	 * A Xen PV ELF32 PAE kernel image, or a bzImage whose gzip
	 * payload is one (/boot/vmlinuz-* of a Debian kernel package)
	 */
	const void *kernel;
	size_t kernel_len;
	const void *ramdisk;		/* NULL for none */
	size_t ramdisk_len;
	const char *cmdline;		/* NULL for none */
	bool paused;			/* start it paused */
};

/*
 * hv_domain_build() - load a 32-bit PV kernel into a domain in state
 * "created" and start it.
 * @ref: the domain, by id or by name.
 *
 * Takes, as Xen's loader does, a Xen PV ELF32 PAE kernel image, or a
 * bzImage whose gzip payload is one: it inflates that first, to at most
 * 128 MiB.  Checks the kernel, lays out the guest's memory as Xen does
 * (kernel, ramdisk, P2M list, start_info, xenstore and console pages,
 * page tables, stack), sends the pages that are not zero and starts the
 * guest.  On failure the domain is left as it is: the caller destroys it.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOEXEC when the kernel image is not
 * one hv can run (a bzImage compressed otherwise than with gzip
 * included), -EFBIG when a bzImage's kernel inflates past 128 MiB,
 * -EINVAL for a command line over 1023 bytes, -ENOSPC when it all does
 * not fit the domain's memory, -EBUSY when the domain is not in state
 * "created", -ENOENT, -EPERM, -ENOMEM, or another negative errno;
 * hv_errmsg() says why.
 */
int hv_domain_build(struct hv *hv, const struct hv_domain_ref *ref,
		    const struct hv_build_args *args);

/*
 * hv_console_read() - read what a domain wrote to its console.
 * @offset: in: where to start, 0 for the oldest output kept; out: where
 *	    the next read would start.
 * @cb: gets each chunk: where in the output it starts (past @offset when
 *	older output was overwritten before it was read), its bytes and
 *	@arg; returns 0 to go on, anything else to stop.  It must not use
 *	@hv.
 *
 * Reads until there is nothing new.  Return: 0, the value @cb stopped
 * with, -ENOENT, -EPERM (needs CAP_NET_ADMIN), or another negative errno.
 */
int hv_console_read(struct hv *hv, const struct hv_domain_ref *ref,
		    uint64_t *offset,
		    int (*cb)(uint64_t offset, const void *data, size_t len,
			      void *arg),
		    void *arg);

/*
 * hv_console_write() - type @len bytes on a domain's console.
 *
 * Sent in pieces of at most HV_CONSOLE_WRITE_MAX bytes; @len 0 sends
 * nothing.  Needs CAP_NET_ADMIN.  Return: 0, -ENOENT, -EPERM, or another
 * negative errno.
 */
int hv_console_write(struct hv *hv, const struct hv_domain_ref *ref,
		     const void *data, size_t len);

/* What hv_console_follow() does with output and input */
struct hv_console_follow {
	/*
	 * Gets each piece of new output, in order, none twice; returns 0
	 * to go on, anything else to stop.  May use the struct hv.
	 */
	int (*output)(const void *data, size_t len, void *arg);
	/*
	 * A file descriptor to watch too, such as standard input, or -1.
	 * When it is readable or at its end, @input is called; it may set
	 * @input_fd to -1 to stop watching it.
	 */
	int input_fd;
	int (*input)(int fd, void *arg);	/* returns as @output */
	void *arg;
};

/*
 * hv_console_follow() - hand all output of a domain's console to
 * @f->output: what is buffered, then what comes, until the domain ends.
 * @ref: the domain, by id or by name.
 * @f: the callbacks; see struct hv_console_follow.
 * @out: filled with the domain as it was last seen.
 *
 * Output overwritten before it could be read is skipped.  Listens on a
 * socket of its own, so @hv may be used from the callbacks (to write
 * input with hv_console_write(), say).
 *
 * Needs CAP_NET_ADMIN.  Return: 0 when the domain has shut down or
 * crashed (at once for one that had), the value a callback stopped with,
 * -ENOENT when there is no such domain or it was destroyed, or another
 * negative errno.
 */
int hv_console_follow(struct hv *hv, const struct hv_domain_ref *ref,
		      struct hv_console_follow *f, struct hv_domain *out);

/* A stopped vCPU's state, as hv_vcpu_regs() reads it */
struct hv_vcpu_regs {
	uint32_t eip, esp, eflags;
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp;
	uint32_t cs, ss, ds, es, fs, gs;
	uint32_t cr2;			/* if the last exit was a #PF */
	uint32_t vcr2;			/* the CR2 the guest was given */
	uint32_t vector, error;		/* of the last exit, as in a trace */
	uint32_t kernel_ss, kernel_sp;	/* stack_switch */
	uint32_t l3_pfn;		/* the base pointer's frame (CR3) */
	uint32_t upcall_mask, upcall_pending;
	/* The words at SS:ESP up, and the code at CS:EIP, where mapped */
	uint32_t nr_stack;
	uint32_t stack[HV_STACK_WORDS];
	uint32_t nr_code;
	uint8_t code[HV_CODE_BYTES];
};

/*
 * hv_vcpu_regs() - read the registers of a domain's vCPU, the words on
 * its stack and the bytes of code at its EIP.
 * @ref: a domain that is paused, shut down or crashed.
 * @out: filled with them.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT, -EPERM, -EBUSY for a running
 * domain, -EINVAL for one never started, -EAGAIN when the vCPU did not
 * stop within a second of a pause, or another negative errno.
 */
int hv_vcpu_regs(struct hv *hv, const struct hv_domain_ref *ref,
		 struct hv_vcpu_regs *out);

/* The most arguments a trace record carries */
#define HV_TRACE_ARGS_MAX	5

/* One record of a vCPU's trace (enum hv_trace_kind says what it is) */
struct hv_trace_rec {
	uint64_t seq;			/* its number, from the vCPU's first */
	uint64_t time_ns;		/* host CLOCK_MONOTONIC */
	uint32_t kind;			/* enum hv_trace_kind */
	uint32_t nr;			/* vector or hypercall number */
	uint32_t eip, cs;		/* where the guest was */
	uint32_t nr_args;
	uint32_t args[HV_TRACE_ARGS_MAX];
	bool has_result;		/* hypercalls and multicall entries */
	uint32_t result;
};

/*
 * hv_vcpu_trace() - hand the records of a domain's trace ring to @cb, in
 * order, from number *@seq on (0: the oldest kept) up to the latest one
 * there was when the read began.
 * @seq: in: the first record wanted; out: the one to read next time.
 * @cb: gets each record and @arg; returns 0 to go on, anything else to
 *	stop.  Records overwritten before they were read are skipped: their
 *	numbers are missing.  It must not use @hv.
 *
 * Works on a running domain too.  Needs CAP_NET_ADMIN.  Return: 0, the
 * value @cb stopped with, -ENOENT, -EPERM, -EINVAL for a domain never
 * started, or another negative errno.
 */
int hv_vcpu_trace(struct hv *hv, const struct hv_domain_ref *ref,
		  uint64_t *seq,
		  int (*cb)(const struct hv_trace_rec *rec, void *arg),
		  void *arg);

/* Name of an enum hv_trace_kind value: "hypercall"; "unknown" if none. */
const char *hv_trace_kind_name(uint32_t kind);

/* Name of hypercall @nr, as Xen's headers spell it; NULL if unknown. */
const char *hv_hypercall_name(uint32_t nr);

/* Name of an enum hv_domain_state value: "running"; "unknown" if none. */
const char *hv_state_name(uint32_t state);

/* Name of an enum hv_event value: "created"; "unknown" if none. */
const char *hv_event_name(uint32_t event);

/* Name of an enum hv_end value: "poweroff", "killed"; "unknown" if none. */
const char *hv_end_name(uint32_t end);

/* Name of an enum hv_stat_kind value: "hypercall"; "unknown" if none. */
const char *hv_stat_kind_name(uint32_t kind);

/*
 * Name of what counter @index of @kind counts: an exit reason
 * ("interrupt") or a hypercall ("console_io"); NULL if it has none, as
 * vectors do not.
 */
const char *hv_stat_name(uint32_t kind, uint32_t index);

/*
 * hv_store_read() - read the value of a xenstore node, as domain 0.
 * @path: an absolute path, at most HV_STORE_PATH_MAX bytes.
 * @buf: gets the first @size bytes of the value (no NUL is added).
 * @len: set to the length of the whole value.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT when there is no such node,
 * -EINVAL for a bad path, -EPERM, or another negative errno.
 */
int hv_store_read(struct hv *hv, const char *path, void *buf, size_t size,
		  size_t *len);

/*
 * hv_store_write() - write a xenstore node as domain 0, creating it and
 * its missing parents (which inherit their parent's permissions); the
 * watches on it and above it fire.
 * @val: @len bytes, at most HV_STORE_VALUE_MAX; NULL for an empty value.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -EINVAL for a bad path, -EPERM, or
 * another negative errno.
 */
int hv_store_write(struct hv *hv, const char *path, const void *val,
		   size_t len);

/*
 * hv_store_rm() - remove a xenstore node and everything below it, as
 * domain 0.  A node that is not there is fine if its parent is.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, -ENOENT when its parent is missing too,
 * -EINVAL for a bad path or "/", -EPERM, or another negative errno.
 */
int hv_store_rm(struct hv *hv, const char *path);

/*
 * hv_store_dir() - call @cb with the name of each child of a xenstore
 * node, in the order they were created.
 * @cb: returns 0 to go on, anything else to stop.  It must not use @hv.
 *
 * Needs CAP_NET_ADMIN.  Return: 0, the value @cb stopped with, -ENOENT,
 * -E2BIG when the names exceed the 4096 bytes of a xenstore reply, or
 * another negative errno.
 */
int hv_store_dir(struct hv *hv, const char *path,
		 int (*cb)(const char *name, void *arg), void *arg);

/*
 * hv_store_watch() - hand each change of the xenstore to @cb: the path
 * written, created, removed or whose permissions were set, by a guest or
 * the host.  @exact is set for the nodes below a removed one (a watch on
 * a path sees those only if it is exactly theirs, Xen's rule).
 * @cb: returns 0 to wait for the next change, anything else to stop.
 *
 * Listens on a socket of its own.  Needs CAP_NET_ADMIN.  Return: the value
 * @cb stopped with, -ENOBUFS when changes came faster than they were
 * read, or another negative errno.  Never returns 0 by itself.
 */
int hv_store_watch(struct hv *hv,
		   int (*cb)(const char *path, bool exact, void *arg),
		   void *arg);

/* What hv_disk_boot_files() reads out of a disk image */
struct hv_boot_files {
	void *kernel;		/* the file /vmlinuz names, malloc()ed */
	size_t kernel_len;
	void *initrd;		/* /initrd.img's, or NULL when the image has none */
	size_t initrd_len;
};

/*
 * hv_disk_boot_files() - the kernel and initrd a disk image boots, as
 * Xen's pygrub finds them: read by a child process that gives up every
 * privilege first, since the image is the guest's and hostile.
 * @fd: the image (a regular file or block device), open for reading: an
 *      ext2/3/4 file system, or a disk of 512-byte sectors with an MBR or
 *      GPT partition table, of whose partitions the first to hold
 *      /vmlinuz is read (MBR: the primary ones, the active one first;
 *      GPT: those with the legacy BIOS bootable attribute first; then
 *      the table's order).
 * @kernel_max, @initrd_max: the most bytes each file may have.
 * @files: set on success; hv_boot_files_free() frees it.
 * @why, @why_len: on failure, a message saying what is wrong with the image.
 *
 * The files' bytes are the guest's too: check them as any --kernel's.
 * Return: 0, -ENOENT (no /vmlinuz), -ELOOP, -EISDIR, -EFBIG, -EINVAL (a
 * corrupt file system or partition table, or no ext2/3/4 file system),
 * -EOPNOTSUPP (an ext4 feature the reader does not know), -ETIMEDOUT, or
 * another negative errno.  With several partitions tried, the error is
 * that of the first that held an ext2/3/4 file system.
 */
int hv_disk_boot_files(int fd, size_t kernel_max, size_t initrd_max,
		       struct hv_boot_files *files, char *why, size_t why_len);
/* Free what hv_disk_boot_files() read, and clear @files */
void hv_boot_files_free(struct hv_boot_files *files);

/*
 * hv_domain_name_valid() - whether @name is a valid domain name.
 *
 * The rule of include/uapi/linux/hv.h: 1..HV_DOMAIN_NAME_MAX characters of
 * [A-Za-z0-9._-], starting with a letter or digit, not all digits.
 */
bool hv_domain_name_valid(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* LIBHV_H */
