/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How TCP connections end: a lingering close (SO_LINGER) as Linux does
 * it, and the exit-time drain, which keeps sending what the program
 * left queued before the VM powers off.
 *
 * Why not lwIP's own SO_LINGER: its lingering close (api_msg.c,
 * lwip_netconn_do_close_internal) calls tcp_close() and then waits for
 * lwIP's sent, poll or err callback to call it again, and several ways
 * out of the closing states call none of them, so the closing thread
 * waited forever in lwip_netconn_do_delconn():
 *   - tcp_close() with unread received data sends a RST and frees the
 *     pcb at once; lwIP then still waits (and re-arms callbacks on the
 *     freed pcb);
 *   - an ACK of our FIN alone acknowledges no data (no sent callback);
 *     in LAST_ACK the pcb is then freed without the err callback
 *     (tcp_input_delayed_close() skips it once the receive side is
 *     closed, which tcp_close() did), and CLOSING -> TIME_WAIT moves the
 *     pcb where no poll callback runs.
 * The first is deterministic (tests: posix_socket linger_*), the second
 * needs the FIN acknowledged apart from the data, which host load makes
 * likely. lwIP's linger stays off (the socket layer keeps SO_LINGER, see
 * lib/posix-socket/inet.c) and the close here follows Linux's
 * tcp_close(): unread data or a zero linger time reset the connection;
 * otherwise the FIN is sent with shutdown(SHUT_WR), and the caller waits
 * until the FIN is acknowledged or the linger time passes, following the
 * connection's pcb by its addresses and ports (struct tcp_id: after the
 * peer's end of file was read, lwIP's shutdown hands the pcb over to
 * lwIP alone); then lwIP's ordinary close finishes (after a timeout it
 * goes on in the background, as on Linux).
 */
#include <uk/condvar.h>
#include <uk/init.h>
#include <uk/libparam.h>
#include <uk/lwip.h>
#include <uk/plat/time.h>
#include <uk/print.h>
#include "lwip/api.h"
#include "lwip/priv/sockets_priv.h"
#include "lwip/priv/tcp_priv.h"
#include "lwip/sockets.h"
#include "lwip/tcp.h"
#include "lwip/tcpip.h"
#include "lwip_impl.h"

/*
 * Progress of some TCP connection (data or a FIN acknowledged, a socket
 * event): waiters re-check. Waited on with lwIP's core lock (the
 * condition variable releases it while waiting), broadcast from lwIP's
 * callbacks, which run under that lock.
 */
static struct uk_condvar tcp_progress = UK_CONDVAR_INITIALIZER(tcp_progress);

/*
 * Waits are also cut into slices: a few state changes call no callback
 * at all (CLOSING -> TIME_WAIT on an ACK of the FIN alone; orphaned pcbs
 * at exit have none), so a waiter looks again after at most this long.
 */
#define TCP_WAIT_SLICE_NS	(50 * 1000 * 1000ULL)

void lwip_uk_tcp_progress(void)
{
	uk_condvar_broadcast(&tcp_progress);
}

static err_t linger_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	(void)arg;
	(void)pcb;
	(void)len;
	lwip_uk_tcp_progress();
	return ERR_OK;
}

static err_t linger_poll(void *arg, struct tcp_pcb *pcb)
{
	(void)arg;
	(void)pcb;
	lwip_uk_tcp_progress();
	return ERR_OK;
}

/* Wait (core lock held) for progress, at most until @deadline. */
static void progress_wait(__nsec deadline)
{
	__nsec now = ukplat_monotonic_clock(), ns = TCP_WAIT_SLICE_NS;

	if (deadline > now && deadline - now < ns)
		ns = deadline - now;
	uk_condvar_wait_timeout(&tcp_progress, &lock_tcpip_core.mtx, ns);
}

/* The TCP netconn of lwIP socket @s, or NULL (core lock held). */
static struct netconn *tcp_conn(int s)
{
	struct lwip_sock *sock = lwip_socket_dbg_get_socket(s);

	if (!sock || !sock->conn ||
	    NETCONNTYPE_GROUP(netconn_type(sock->conn)) != NETCONN_TCP)
		return NULL;
	return sock->conn;
}

/* Received data the program has not read (lwIP gives the window back
 * only as the program reads). */
static bool unread(const struct tcp_pcb *pcb)
{
	return pcb->refused_data || pcb->rcv_wnd != TCP_WND_MAX(pcb);
}

/* Our FIN is sent and not acknowledged yet (Linux's wait in close), or
 * still to be queued: lwIP's close sets TF_CLOSEPEND when it had no memory
 * for the FIN's segment and retries from its timer. */
static bool fin_pending(const struct tcp_pcb *pcb)
{
	return pcb->state == FIN_WAIT_1 || pcb->state == CLOSING ||
	       pcb->state == LAST_ACK || (pcb->flags & TF_CLOSEPEND);
}

/*
 * A connection's addresses and ports: its pcb is looked up by them while
 * the closer waits, because lwIP's shutdown may hand the pcb over to
 * lwIP alone. A shutdown(SHUT_WR) of a socket whose receiving side is
 * already shut (it read the peer's end of file: lwIP shuts the receiving
 * side then) is a full close to lwIP (lwip_netconn_do_close_internal):
 * the netconn forgets the pcb at once, and the pcb goes on in LAST_ACK
 * or FIN_WAIT_1 by itself until the FIN is acknowledged. Among the
 * active pcbs these four values name one connection.
 */
struct tcp_id {
	ip_addr_t local_ip, remote_ip;
	u16_t local_port, remote_port;
};

static void tcp_id_of(const struct tcp_pcb *pcb, struct tcp_id *id)
{
	ip_addr_copy(id->local_ip, pcb->local_ip);
	ip_addr_copy(id->remote_ip, pcb->remote_ip);
	id->local_port = pcb->local_port;
	id->remote_port = pcb->remote_port;
}

/* The active pcb of connection @id, or NULL (core lock held) */
static struct tcp_pcb *tcp_find(const struct tcp_id *id)
{
	struct tcp_pcb *pcb;

	for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		if (pcb->local_port == id->local_port &&
		    pcb->remote_port == id->remote_port &&
		    ip_addr_cmp(&pcb->local_ip, &id->local_ip) &&
		    ip_addr_cmp(&pcb->remote_ip, &id->remote_ip))
			return pcb;
	return NULL;
}

int uk_lwip_close_linger(int s, bool linger, unsigned int secs)
{
	struct netconn *conn;
	struct tcp_pcb *pcb;
	struct tcp_id id;
	bool wait = false, send_fin = false;
	__nsec deadline;

	if (!linger)
		return lwip_close(s);
	LOCK_TCPIP_CORE();
	conn = tcp_conn(s);
	pcb = conn ? conn->pcb.tcp : NULL;
	if (pcb && (pcb->state == ESTABLISHED || pcb->state == CLOSE_WAIT ||
		    pcb->state == SYN_RCVD || fin_pending(pcb))) {
		if (secs == 0 || unread(pcb)) {
			/* Linux: unread data, or a zero linger time, reset
			 * the connection; the netconn's err callback
			 * forgets the pcb */
			tcp_abort(pcb);
		} else {
			wait = true;
			send_fin = !fin_pending(pcb);
			tcp_id_of(pcb, &id);
		}
	}
	UNLOCK_TCPIP_CORE();
	if (!wait)
		return lwip_close(s);

	/* the FIN after the queued data; the pcb stays the netconn's, or
	 * goes on alone when the receiving side was shut (struct tcp_id) */
	if (send_fin && lwip_shutdown(s, SHUT_WR) != 0)
		return lwip_close(s);	/* e.g. a write in another thread */
	deadline = uk_deadline_after((__nsec)secs * 1000000000ULL);
	LOCK_TCPIP_CORE();
	pcb = tcp_find(&id);
	/* still the netconn's: only while no other call of it runs */
	if (pcb && fin_pending(pcb) &&
	    (conn->pcb.tcp != pcb || conn->state == NETCONN_NONE)) {
		/* neither the netconn (its sending side is shut) nor an
		 * orphaned pcb has a sent callback left; their poll
		 * callbacks have nothing left to do */
		tcp_sent(pcb, linger_sent);
		tcp_poll(pcb, linger_poll, 1);
		while ((pcb = tcp_find(&id)) && fin_pending(pcb) &&
		       ukplat_monotonic_clock() < deadline)
			progress_wait(deadline);
	}
	UNLOCK_TCPIP_CORE();
	/* lwIP's close resets the callbacks; after a timeout the FIN goes
	 * on in the background (and at exit, lwip_uk_exit_drain) */
	return lwip_close(s);
}

/* Exit-time drain ---------------------------------------------------------- */

/*
 * How long (guest milliseconds) the exit waits for TCP to deliver what
 * is queued: lwip.exit_drain_ms= (0: power off at once).
 */
static unsigned int exit_drain_ms = CONFIG_LIBLWIP_EXIT_DRAIN_MS;
UK_LIB_PARAM(exit_drain_ms, unsigned int);

static bool pcb_sending(const struct tcp_pcb *pcb)
{
	return pcb->unsent || pcb->unacked || fin_pending(pcb);
}

/* A connection still has data or a FIN on its way (core lock held). */
static bool tcp_sending(void)
{
	struct tcp_pcb *pcb;

	for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		if (pcb_sending(pcb))
			return true;
	return false;
}

/* netif_uknetdev.c, in images with network devices */
bool lwip_uk_tx_busy(void) __weak;

void lwip_uk_exit_drain(void)
{
	struct tcp_pcb *pcb;
	__nsec deadline;
	bool done;

	if (!exit_drain_ms)
		return;
	deadline = uk_deadline_after((__nsec)exit_drain_ms * 1000000ULL);
	LOCK_TCPIP_CORE();
	/*
	 * Connections the program left open end as its exit closes them
	 * on Linux, but always with a FIN after their data (Linux resets
	 * those with unread data, dropping what is unsent).
	 */
	for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
		if (pcb->state == ESTABLISHED || pcb->state == CLOSE_WAIT)
			tcp_shutdown(pcb, 0, 1);
	while (!(done = !tcp_sending() &&
		 !(lwip_uk_tx_busy && lwip_uk_tx_busy())) &&
	       ukplat_monotonic_clock() < deadline)
		progress_wait(deadline);
	if (!done) {
		uk_pr_warn("lwip: exit with TCP data unacknowledged after %u ms (lwip.exit_drain_ms):\n",
			   exit_drain_ms);
		for (pcb = tcp_active_pcbs; pcb; pcb = pcb->next)
			if (pcb_sending(pcb))
				uk_pr_warn("lwip:   port %u -> %u %s%s%s\n",
					   pcb->local_port, pcb->remote_port,
					   tcp_debug_state_str(pcb->state),
					   pcb->unsent ? " unsent" : "",
					   pcb->unacked ? " unacked" : "");
	}
	UNLOCK_TCPIP_CORE();
}
