package io.skiff.runtime.posix;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;

/** The C library functions skiff calls directly. Every one throws {@link LastErrorException} with errno on failure. */
interface Libc extends Library {
  Libc C = Native.load("c", Libc.class);

  int O_RDWR = 2;
  int O_RDONLY = 0;
  int O_WRONLY = 1;
  int O_NONBLOCK = 0x800;
  int O_PATH = 0x200000;
  int O_NOCTTY = 0x100;
  int O_CLOEXEC = 0x80000;
  int CLONE_NEWNET = 0x40000000;
  /** {@code TIOCSWINSZ} on x86-64 and arm64. */
  long TIOCSWINSZ = 0x5414;
  int SIGHUP = 1;
  int SIGKILL = 9;
  int SIGWINCH = 28;
  int EIO = 5;
  int EINTR = 4;
  int EAGAIN = 11;
  int ECONNRESET = 104;
  int AF_UNIX = 1;
  int SOCK_SEQPACKET = 5;
  int SOCK_CLOEXEC = 0x80000;
  int SHUT_WR = 1;
  int SHUT_RDWR = 2;
  int MSG_NOSIGNAL = 0x4000;

  int posix_openpt(int flags) throws LastErrorException;

  int grantpt(int fd) throws LastErrorException;

  int unlockpt(int fd) throws LastErrorException;

  int ptsname_r(int fd, byte[] buf, NativeLong buflen) throws LastErrorException;

  int open(String path, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  NativeLong read(int fd, byte[] buf, NativeLong count) throws LastErrorException;

  NativeLong write(int fd, byte[] buf, NativeLong count) throws LastErrorException;

  int ioctl(int fd, NativeLong request, short[] winsize) throws LastErrorException;

  int setns(int fd, int nstype) throws LastErrorException;

  int unshare(int flags) throws LastErrorException;

  int sethostname(byte[] name, NativeLong length) throws LastErrorException;

  int kill(int pid, int sig) throws LastErrorException;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int connect(int fd, byte[] address, int length) throws LastErrorException;

  NativeLong recv(int fd, byte[] buf, NativeLong length, int flags) throws LastErrorException;

  NativeLong send(int fd, byte[] buf, NativeLong length, int flags) throws LastErrorException;

  int shutdown(int fd, int how) throws LastErrorException;

  int mount(String source, String target, String fsType, NativeLong flags, String data) throws LastErrorException;

  int umount2(String target, int flags) throws LastErrorException;

  String strerror(int errnum);
}
