/* SPDX-License-Identifier: BSD-3-Clause */
/* util/thread.c: starting the helper threads of a parallel phase (the
 * loader's store thread, the index's second half, lint's workers), and how
 * many CPUs they may have. The kernel may queue a new thread on the CPU of
 * the thread that made it, which is busy, while another CPU idles: in 1 of
 * 29 loads of a 1M-record zone the index's second half ran on the loading
 * thread's CPU (the index took 35 ms instead of 21). So a new thread is
 * placed on another CPU first (0 of 29 shared one then), and may run
 * anywhere the process may once it runs. */
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/util.h"

struct thread_start {
	void *(*fn)(void *);
	void *arg;
	cpu_set_t allowed; /* where the thread may run once started */
};

static void *thread_begin(void *p)
{
	struct thread_start s = *(struct thread_start *)p;
	free(p);
	(void)pthread_setaffinity_np(pthread_self(), sizeof(s.allowed), &s.allowed);
	return s.fn(s.arg);
}

/* Starts fn(arg) placed on a CPU other than the caller's; false when
 * there is none or placing fails (the caller then starts it plainly). */
static bool start_apart(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	struct thread_start *s = zl_malloc(sizeof(*s));
	s->fn = fn;
	s->arg = arg;
	int cpu = sched_getcpu();
	bool started = false;
	if (cpu >= 0 && sched_getaffinity(0, sizeof(s->allowed), &s->allowed) == 0 &&
	    CPU_ISSET(cpu, &s->allowed) && CPU_COUNT(&s->allowed) > 1) {
		cpu_set_t apart = s->allowed;
		CPU_CLR(cpu, &apart);
		pthread_attr_t attr;
		if (pthread_attr_init(&attr) == 0) {
			started = pthread_attr_setaffinity_np(&attr, sizeof(apart), &apart) == 0 &&
				  pthread_create(thread, &attr, thread_begin, s) == 0;
			pthread_attr_destroy(&attr);
		}
	}
	if (!started)
		free(s); /* else the thread's */
	return started;
}

size_t zl_cpu_count(void)
{
	cpu_set_t set;
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		return (size_t)CPU_COUNT(&set);
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	return online > 0 ? (size_t)online : 1;
}

int zl_thread_start(pthread_t *thread, void *(*fn)(void *), void *arg)
{
	/* signals are for the program's own thread (the server's reload and
	 * stop), not for its helpers */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	int rc = start_apart(thread, fn, arg) ? 0 : pthread_create(thread, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}
