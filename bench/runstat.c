/*
 * runstat — runs a command many times and prints one JSON line with the
 * median, minimum and mean wall time, the median CPU time and the peak RSS.
 *
 *   runstat [-a] [-w WARMUP] [-n MIN] [-N MAX] [-t BUDGET_MS] -- COMMAND ARG...
 *
 * Runs WARMUP unmeasured runs, then at least MIN and at most MAX measured
 * runs, stopping after MIN once BUDGET_MS of wall time has been spent.
 * -a adds every sample ("wall_ms", "rss_kib" arrays) so that a caller can
 * interleave several commands in rounds and pool the samples.
 *
 * Why not Python's subprocess or a shell loop: the peak RSS comes from
 * wait4's rusage, and Linux carries the pre-exec image's high-water mark of
 * the child into ru_maxrss. A child forked from this small program starts
 * at about 1 MiB, so the number is the command's own; a child of a Python
 * interpreter would report Python's 10+ MiB. fork+exec from C also keeps
 * the launch overhead (~0.2 ms) small next to what is measured.
 *
 * The command's stdout goes to /dev/null; its stderr to a temporary file
 * that is printed if it exits non-zero (then runstat exits 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

typedef struct run {
    double wall_ms;
    double cpu_ms;
    long maxrss_kib;
} run;

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Runs ARGV once; returns 0 and fills R, or -1 (error already printed). */
static int run_once(char **argv, int errfd, run *r)
{
    if (ftruncate(errfd, 0) != 0 || lseek(errfd, 0, SEEK_SET) != 0) {
        perror("runstat: stderr file");
        return -1;
    }
    double t0 = now_ms();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, 1) < 0 || dup2(errfd, 2) < 0)
            _exit(126);
        execvp(argv[0], argv);
        dprintf(2, "runstat: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    int status;
    struct rusage ru;
    while (wait4(pid, &status, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("runstat: wait4");
            return -1;
        }
    }
    r->wall_ms = now_ms() - t0;
    r->cpu_ms = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
    r->maxrss_kib = ru.ru_maxrss;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char buf[4096];
        ssize_t n = pread(errfd, buf, sizeof buf - 1, 0);
        buf[n > 0 ? n : 0] = '\0';
        fprintf(stderr, "runstat: %s failed (%s %d):\n%s", argv[0],
                WIFEXITED(status) ? "exit status" : "signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), buf);
        return -1;
    }
    return 0;
}

static void usage(void)
{
    fputs("usage: runstat [-a] [-w WARMUP] [-n MIN] [-N MAX] [-t BUDGET_MS] -- COMMAND ARG...\n", stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    long warmup = 2, min_runs = 10, max_runs = 200;
    double budget_ms = 2000;
    int opt, all = 0;
    while ((opt = getopt(argc, argv, "+aw:n:N:t:")) != -1) {
        switch (opt) {
        case 'a': all = 1; break;
        case 'w': warmup = atol(optarg); break;
        case 'n': min_runs = atol(optarg); break;
        case 'N': max_runs = atol(optarg); break;
        case 't': budget_ms = atof(optarg); break;
        default: usage();
        }
    }
    if (optind >= argc || min_runs < 1 || max_runs < min_runs || warmup < 0)
        usage();
    char **cmd = argv + optind;

    int rc = 1;
    char errpath[] = "/tmp/runstat-XXXXXX";
    int errfd = mkstemp(errpath);
    double *wall = calloc((size_t)max_runs, sizeof *wall);
    double *cpu = calloc((size_t)max_runs, sizeof *cpu);
    double *rss = calloc((size_t)max_runs, sizeof *rss);
    if (errfd < 0 || !wall || !cpu || !rss) {
        perror("runstat");
        goto cleanup;
    }
    unlink(errpath);

    run r;
    for (long i = 0; i < warmup; i++)
        if (run_once(cmd, errfd, &r) != 0)
            goto cleanup;
    long n = 0;
    double spent = 0, sum = 0, min = 1e300, rss_max = 0;
    while (n < max_runs && (n < min_runs || spent < budget_ms)) {
        if (run_once(cmd, errfd, &r) != 0)
            goto cleanup;
        wall[n] = r.wall_ms;
        cpu[n] = r.cpu_ms;
        rss[n] = (double)r.maxrss_kib;
        spent += r.wall_ms;
        sum += r.wall_ms;
        if (r.wall_ms < min)
            min = r.wall_ms;
        if (rss[n] > rss_max)
            rss_max = rss[n];
        n++;
    }
    if (all) {
        /* Before median() sorts the arrays. */
        printf("{\"wall_ms\": [");
        for (long i = 0; i < n; i++)
            printf("%s%.4f", i ? ", " : "", wall[i]);
        printf("], \"rss_kib\": [");
        for (long i = 0; i < n; i++)
            printf("%s%.0f", i ? ", " : "", rss[i]);
        printf("], ");
    } else {
        printf("{");
    }
    printf("\"runs\": %ld, \"median_ms\": %.4f, \"min_ms\": %.4f, \"mean_ms\": %.4f, "
           "\"cpu_median_ms\": %.4f, \"rss_median_kib\": %.0f, \"rss_max_kib\": %.0f}\n",
           n, median(wall, (size_t)n), min, sum / (double)n, median(cpu, (size_t)n),
           median(rss, (size_t)n), rss_max);
    rc = 0;
cleanup:
    free(wall);
    free(cpu);
    free(rss);
    if (errfd >= 0)
        close(errfd);
    return rc;
}
