package org.planetlab.node.net.kernel;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.planetlab.api.error.ErrorCode;
import org.planetlab.api.error.PlanetLabException;

/**
 * A netlink socket (netfilter, routing or socket diagnostics), opened in a chosen network namespace
 * through the JDK's foreign function API. It sends one batch of requests at a time and waits for
 * the kernel's acknowledgements, or one dump request and collects its answers. Starting {@code nft} or {@code ip} costs a few milliseconds; this costs tens
 * of microseconds, which is what makes attaching and detaching a sliver cheap.
 */
@SuppressWarnings("restricted")
public final class NetlinkSocket implements AutoCloseable {
    private static final int AF_NETLINK = 16;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 0x80000;
    /** The nftables and connection tracking family. */
    public static final int NETFILTER = 12;
    /** Links, addresses and routes. */
    public static final int ROUTE = 0;
    /** Socket diagnostics: the sockets of the namespace, by family, protocol and state. */
    public static final int SOCK_DIAG = 4;
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int NLMSG_ERROR = 2;
    private static final int NLMSG_DONE = 3;
    private static final int NLM_F_DUMP = 0x300;
    private static final int RECEIVE_BUFFER = 65536;
    private static final int SO_RCVBUFFORCE = 33;
    private static final int SOL_NETLINK = 270;
    private static final int NETLINK_BROADCAST_ERROR = 4;
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ENOBUFS = 105;
    // A truncated error message: the kernel never sends one, so it is a protocol error.
    private static final int EPROTO = 71;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SOCKET = function("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = function("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SEND = function("send", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle RECV = function("recv", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = function("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = function("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle IF_NAMETOINDEX = function("if_nametoindex", FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private final int descriptor;
    private int sequence;
    private boolean closed;

    private NetlinkSocket(int descriptor) {
        this.descriptor = descriptor;
        this.sequence = (int) (System.nanoTime() & 0xffffff);
    }

    /** Opens a socket in the network namespace at {@code namespace}, or in this process's own when {@code null}. */
    static NetlinkSocket open(Path namespace, int protocol) {
        return NamespaceThread.call(namespace, "netlink-socket", () -> openHere(protocol));
    }

    /**
     * Opens a socket in the namespace at {@code namespace} that receives the multicast
     * {@code groups} (a bit mask), with a receive buffer of {@code receiveBytes}. A message the
     * kernel cannot queue for it is reported back to its sender ({@code NETLINK_BROADCAST_ERROR}):
     * connection tracking then keeps a connection's end and delivers it again later, instead of
     * dropping it.
     */
    static NetlinkSocket subscribe(Path namespace, int protocol, int groups, int receiveBytes) {
        return NamespaceThread.call(namespace, "netlink-subscription", () -> {
            NetlinkSocket socket = open(protocol, groups);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment state = arena.allocate(CALL_STATE);
                MemorySegment value = arena.allocate(JAVA_INT);
                value.set(JAVA_INT, 0, receiveBytes);
                int buffered = (int) SETSOCKOPT.invokeExact(state, socket.descriptor, SOL_SOCKET, SO_RCVBUFFORCE, value, 4);
                check(buffered, state, "set the netlink socket's receive buffer");
                value.set(JAVA_INT, 0, 1);
                int reported = (int) SETSOCKOPT.invokeExact(state, socket.descriptor, SOL_NETLINK, NETLINK_BROADCAST_ERROR, value, 4);
                check(reported, state, "ask for undelivered netlink messages to be reported");
                return socket;
            } catch (PlanetLabException e) {
                socket.close();
                throw e;
            } catch (Throwable e) {
                socket.close();
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot subscribe a netlink socket: " + e, e);
            }
        });
    }

    /**
     * Waits up to the socket's timeout (5 s) for one datagram of a subscribed socket and copies it
     * into {@code into}: its length, 0 when none came, -1 when the kernel could not queue some
     * message for this socket (ENOBUFS).
     */
    public int receive(byte[] into) {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the netlink socket is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment buffer = arena.allocate(into.length);
            long received = (long) RECV.invokeExact(state, descriptor, buffer, (long) into.length, 0);
            if (received < 0) {
                int errno = (int) ERRNO.get(state, 0L);
                if (errno == EAGAIN || errno == EINTR) {
                    return 0;
                }
                if (errno == ENOBUFS) {
                    return -1;
                }
                check(received, state, "receive from a netlink socket");
            }
            MemorySegment.copy(buffer, ValueLayout.JAVA_BYTE, 0, into, 0, (int) received);
            return (int) received;
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "receiving from a netlink socket failed: " + e, e);
        }
    }

    /** Opens a socket in the calling thread's network namespace. */
    public static NetlinkSocket openHere(int protocol) {
        return open(protocol, 0);
    }

    private static NetlinkSocket open(int protocol, int groups) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int socket = (int) SOCKET.invokeExact(state, AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, protocol);
            check(socket, state, "open a netlink socket");
            MemorySegment address = arena.allocate(12);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) AF_NETLINK);
            address.set(JAVA_INT, 8, groups);
            int bound = (int) BIND.invokeExact(state, socket, address, 12);
            check(bound, state, "bind a netlink socket");
            MemorySegment timeout = arena.allocate(16);
            timeout.set(JAVA_LONG, 0, 5L);
            int set = (int) SETSOCKOPT.invokeExact(state, socket, SOL_SOCKET, SO_RCVTIMEO, timeout, 16);
            check(set, state, "set the netlink socket's timeout");
            return new NetlinkSocket(socket);
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot open a netlink socket: " + e, e);
        }
    }

    /** The index of a network device in the calling thread's namespace. */
    public static int interfaceIndex(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            int index = (int) IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name));
            if (index == 0) {
                throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "no device " + name + ": "
                        + describe((int) ERRNO.get(state, 0L)));
            }
            return index;
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot look device " + name + " up: " + e, e);
        }
    }

    /** Whether the calling thread's namespace has a device of that name. */
    static boolean hasInterface(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            return (int) IF_NAMETOINDEX.invokeExact(state, arena.allocateFrom(name)) != 0;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot look device " + name + " up: " + e, e);
        }
    }

    /** Reserves {@code count} consecutive sequence numbers and returns the first. */
    public synchronized int reserveSequences(int count) {
        int first = sequence + 1;
        sequence += count;
        return first;
    }

    /**
     * Sends a batch whose messages numbered {@code firstAcknowledged} to {@code lastAcknowledged}
     * ask for acknowledgement, and waits until the kernel acknowledged them all.
     *
     * @throws PlanetLabException with {@code HOST_OPERATION_FAILED} naming the kernel's error
     */
    public synchronized void transact(byte[] batch, int firstAcknowledged, int lastAcknowledged, String description) {
        transactTolerating(batch, firstAcknowledged, lastAcknowledged, description, 0);
    }

    /**
     * Like {@link #transact}, but a message the kernel refuses with {@code toleratedErrno} (e.g.
     * ENOENT for deleting what is already gone) counts as acknowledged. Returns how many were.
     */
    public synchronized int transactTolerating(byte[] batch, int firstAcknowledged, int lastAcknowledged, String description,
            int toleratedErrno) {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the netlink socket is closed");
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment message = arena.allocate(batch.length);
            MemorySegment.copy(batch, 0, message, ValueLayout.JAVA_BYTE, 0, batch.length);
            long sent = (long) SEND.invokeExact(state, descriptor, message, (long) batch.length, 0);
            check(sent, state, description);
            MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
            int[] counts = new int[2];
            int expected = lastAcknowledged - firstAcknowledged + 1;
            while (counts[0] < expected) {
                long received = (long) RECV.invokeExact(state, descriptor, buffer, (long) RECEIVE_BUFFER, 0);
                check(received, state, description + " (waiting for the kernel's answer)");
                acknowledgements(buffer.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE), firstAcknowledged, lastAcknowledged,
                        description, toleratedErrno, counts);
            }
            return counts[1];
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, description + " failed: " + e, e);
        }
    }

    /**
     * Sends one dump request (a message of {@code type} with {@code body}) and returns the body of
     * every answer, in order, until the kernel says it is done.
     *
     * @throws PlanetLabException with {@code HOST_OPERATION_FAILED} naming the kernel's error
     */
    public synchronized List<ByteBuffer> dump(int type, byte[] body, String description) {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the netlink socket is closed");
        }
        int number = reserveSequences(1);
        byte[] request = NetlinkMessage.message(type, NetlinkMessage.NLM_F_REQUEST | NLM_F_DUMP, number, body);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment message = arena.allocateFrom(ValueLayout.JAVA_BYTE, request);
            long sent = (long) SEND.invokeExact(state, descriptor, message, (long) request.length, 0);
            check(sent, state, description);
            MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
            List<ByteBuffer> answers = new ArrayList<>();
            while (true) {
                long received = (long) RECV.invokeExact(state, descriptor, buffer, (long) RECEIVE_BUFFER, 0);
                check(received, state, description + " (waiting for the kernel's answer)");
                if (dumped(buffer.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE), number, description, answers)) {
                    return answers;
                }
            }
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, description + " failed: " + e, e);
        }
    }

    /**
     * The kernel's answer to one request of {@link #requestEach}: the body of its message (after the
     * netlink header), or {@code null} and the errno it refused the request with.
     */
    public record Answer(ByteBuffer body, int errno) {}

    /**
     * Sends {@code requests} (whole messages numbered {@code first}, {@code first + 1}, ..., none
     * asking for an acknowledgement, each answered by the kernel with one message or one error) in
     * one datagram and returns the answer to each, in order. The receive buffer must hold all the
     * answers at once: the kernel drops an answer it cannot queue.
     *
     * @throws PlanetLabException with {@code HOST_OPERATION_FAILED} when sending or receiving fails
     */
    public synchronized List<Answer> requestEach(List<byte[]> requests, int first, String description) {
        if (closed) {
            throw new PlanetLabException(ErrorCode.UNAVAILABLE, "the netlink socket is closed");
        }
        int total = requests.stream().mapToInt(request -> request.length).sum();
        byte[] batch = new byte[total];
        int at = 0;
        for (byte[] request : requests) {
            System.arraycopy(request, 0, batch, at, request.length);
            at += request.length;
        }
        Answer[] answers = new Answer[requests.size()];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment message = arena.allocateFrom(ValueLayout.JAVA_BYTE, batch);
            long sent = (long) SEND.invokeExact(state, descriptor, message, (long) batch.length, 0);
            check(sent, state, description);
            MemorySegment buffer = arena.allocate(RECEIVE_BUFFER);
            int[] answered = new int[1];
            while (answered[0] < answers.length) {
                long received = (long) RECV.invokeExact(state, descriptor, buffer, (long) RECEIVE_BUFFER, 0);
                check(received, state, description + " (waiting for the kernel's answer)");
                answered(buffer.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE), first, answers, answered);
            }
            return List.of(answers);
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, description + " failed: " + e, e);
        }
    }

    /** Files the answers in one datagram to requests numbered from {@code first} into {@code answers}. */
    private static void answered(byte[] datagram, int first, Answer[] answers, int[] answered) {
        for (Message message : Message.in(datagram)) {
            int index = message.sequence() - first;
            // Answers to earlier, abandoned requests carry other numbers and are skipped.
            if (index >= 0 && index < answers.length && answers[index] == null) {
                if (message.type() == NLMSG_ERROR) {
                    int error = message.error();
                    if (error != 0) {
                        answers[index] = new Answer(null, -error);
                        answered[0]++;
                    }
                } else if (message.type() != NLMSG_DONE) {
                    answers[index] = new Answer(message.payload(), 0);
                    answered[0]++;
                }
            }
        }
    }

    /** Sets the socket's receive buffer to {@code bytes}, beyond the system's limit (needs CAP_NET_ADMIN). */
    public synchronized void receiveBuffer(int bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            MemorySegment value = arena.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, bytes);
            int set = (int) SETSOCKOPT.invokeExact(state, descriptor, SOL_SOCKET, SO_RCVBUFFORCE, value, 4);
            check(set, state, "set the netlink socket's receive buffer");
        } catch (PlanetLabException e) {
            throw e;
        } catch (Throwable e) {
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot set the netlink socket's receive buffer: " + e, e);
        }
    }

    /** Adds the answers to dump {@code number} in one datagram to {@code answers}; true once the dump is done. */
    private static boolean dumped(byte[] datagram, int number, String description, List<ByteBuffer> answers) {
        for (Message message : Message.in(datagram)) {
            if (message.sequence() == number) {
                if (message.type() == NLMSG_DONE) {
                    return true;
                }
                if (message.type() == NLMSG_ERROR) {
                    throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                            description + " was refused by the kernel: " + describe(-message.error()));
                }
                answers.add(message.payload());
            }
        }
        return false;
    }

    /**
     * Counts the acknowledgements in one datagram into {@code counts[0]}, those that were the
     * tolerated error into {@code counts[1]}; any other error ack throws.
     */
    private static void acknowledgements(byte[] datagram, int first, int last, String description, int toleratedErrno,
            int[] counts) {
        for (Message message : Message.in(datagram)) {
            // Answers to earlier, abandoned batches carry older numbers and are skipped.
            if (message.type() == NLMSG_ERROR && message.sequence() >= first && message.sequence() <= last) {
                int error = message.error();
                if (error != 0 && -error != toleratedErrno) {
                    throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED,
                            description + " was refused by the kernel: " + describe(-error));
                }
                counts[0]++;
                counts[1] += error != 0 ? 1 : 0;
            }
        }
    }

    /** A whole netlink message of a datagram: where it starts, its length (header included), its type and sequence number. */
    private record Message(byte[] datagram, int start, int length, int type, int sequence) {
        /** The messages of one datagram, up to the first one cut short or with an impossible length. */
        static List<Message> in(byte[] datagram) {
            ByteBuffer buffer = ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder());
            List<Message> messages = new ArrayList<>();
            int start = 0;
            while (datagram.length - start >= 16) {
                int length = buffer.getInt(start);
                if (length < 16 || length > datagram.length - start) {
                    break;
                }
                messages.add(new Message(datagram, start, length, Short.toUnsignedInt(buffer.getShort(start + 4)),
                        buffer.getInt(start + 8)));
                start += (length + 3) & ~3;
            }
            return messages;
        }

        /** An {@code NLMSG_ERROR} message's error: 0 for an acknowledgement, else minus the errno. */
        int error() {
            return length >= 20 ? ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()).getInt(start + 16) : -EPROTO;
        }

        /** What follows the header. */
        ByteBuffer payload() {
            return ByteBuffer.wrap(datagram, start + 16, length - 16).slice().order(ByteOrder.nativeOrder());
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try (Arena arena = Arena.ofConfined()) {
                int ignored = (int) CLOSE.invokeExact(arena.allocate(CALL_STATE), descriptor);
            } catch (Throwable e) {
                // Closing a descriptor we own cannot fail in a way worth reporting.
            }
        }
    }

    private static MethodHandle function(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.find(name).orElseThrow(), descriptor, Linker.Option.captureCallState("errno"));
    }

    private static void check(long result, MemorySegment state, String what) {
        if (result < 0) {
            int errno = (int) ERRNO.get(state, 0L);
            throw new PlanetLabException(ErrorCode.HOST_OPERATION_FAILED, "cannot " + what + ": " + describe(errno));
        }
    }

    /** Names the errors the netlink calls return. */
    private static String describe(int errno) {
        return switch (errno) {
            case 1 -> "EPERM, operation not permitted (needs CAP_NET_ADMIN)";
            case 2 -> "ENOENT, no such table, set, element or device";
            case 19 -> "ENODEV, no such device";
            case 101 -> "ENETUNREACH, network unreachable";
            case 11 -> "EAGAIN, no answer in time";
            case 13 -> "EACCES, permission denied";
            case 17 -> "EEXIST, already exists";
            case 22 -> "EINVAL, invalid argument";
            case 28 -> "ENOSPC, set is full";
            case 93 -> "EPROTONOSUPPORT, the kernel lacks this netlink family (nftables, socket diagnostics)";
            default -> "errno " + errno;
        };
    }
}
