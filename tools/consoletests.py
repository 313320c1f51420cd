"""tools/consoletests.py - typing at Pagoda's console, expect-style (each
step waits for what the console must show before it types the next keys,
so a slow machine only makes it slower); tools/test runs them in its
pagoda/ suite.

  shell_pipeline_and_ctrl_c(kernel, initrd)
        the terminal echoes, the shell runs a pipeline, ^C kills the
        foreground job but not the shell, whose $? is then 130
  shell_line_editing(kernel, initrd)
        a character inserted in the middle of a line, the history, and
        Tab completing a command name
  top_uptime_df(kernel, initrd)
        top -b lists the shell and itself under the summary; uptime; df

Each returns a list of (name, ok, reason).
"""
import re

import pagoda


def tail(text, n=25):
    return "\n".join(text.rstrip().splitlines()[-n:])


def type_at_shell(kernel, initrd, script):
    """Boot into the shell and type script; (output without CRs, timed out)."""
    b = pagoda.boot(kernel, initrd, "quiet mode=shell", timeout=120,
                    stdin_script=script)
    return b.output.replace("\r", ""), b.timed_out


def shell_pipeline_and_ctrl_c(kernel, initrd):
    """cat is seen running because it echoes a line back; ^C then."""
    out, timed_out = type_at_shell(kernel, initrd, [
        ("$ ", b"echo hello | cat\n"),
        ("hello\r\n", b"cat\n"),
        ("cat\r\n", b"ping\n"),
        ("ping\r\nping\r\n", b"\x03"),
        ("$ ", b"echo after $?\n"),
        ("after ", b"exit\n"),
        ("starting a new one", b"")])
    return [("pagoda/console-shell", not timed_out and "after 130\n" in out, tail(out))]


def shell_line_editing(kernel, initrd):
    """Home then Right x8 puts the cursor inside the line; Up recalls it."""
    home, right, up = b"\x1b[H", b"\x1b[C", b"\x1b[A"
    out, timed_out = type_at_shell(kernel, initrd, [
        ("$ ", b"echo onetwo | sed s/-/+/" + home + right * 8 + b"-\n"),
        ("one+two\r\n", up + b"\n"),
        ("one+two\r\n", b"ec\t" + b"completed\n"),
        ("completed\r\n", b"exit\n"),
        ("starting a new one", b"")])
    ok = not timed_out and out.count("one+two\n") == 2 and "completed\n" in out
    return [("pagoda/shell-line-editing-history-completion", ok, tail(out))]


def top_uptime_df(kernel, initrd):
    """top's batch screen, uptime's line and df's table, which have no
    Linux twin to compare with (the processes, times and sizes differ)."""
    out, timed_out = type_at_shell(kernel, initrd, [
        ("$ ", b"top -b -n 1; uptime; df; df /proc; echo top-don''e\n"),
        ("top-done\r\n", b"exit\n"),
        ("starting a new one", b"")])
    want = [r"(?m)^top - \d\d:\d\d:\d\d up \d+ min,  0 users,  load average: ",
            r"(?m)^Tasks: +\d+ total, +\d+ running",
            r"(?m)^MiB Mem : +\d+\.\d total",
            r"(?m)^ +PID S +VIRT +RES +%CPU +TIME\+ COMMAND$",
            r"(?m)^ +\d+ R +\d+ +\d+ +\d+\.\d +\d+:\d\d top$",
            r"(?m)^ +\d+ S +\d+ +\d+ +\d+\.\d +\d+:\d\d sh$",
            r"(?m)^ \d\d:\d\d:\d\d up \d+ min,  0 users,  load average: [\d.]+, ",
            r"(?m)^Filesystem +1K-blocks +Used +Available +Use% Mounted on$",
            r"(?m)^ramfs +[1-9]\d* +\d+ +\d+ +\d+% /$",
            r"(?m)^proc +0 +0 +0 +- /proc$"]
    missing = [w for w in want if not re.search(w, out)]
    return [("pagoda/top-uptime-df", not timed_out and not missing,
             "missing: %s\n%s" % (missing, tail(out)))]
