/**
 * Sends audit lines to a syslog collector (policy `audit.syslog`) without ever blocking or throwing:
 * UDP datagrams, or TCP with octet-counting framing and reconnection with back-off. While the
 * collector is unreachable, up to `maxQueue` messages wait; beyond that they are dropped and counted.
 * The audit file stays the record: forwarding is a copy kept off the workstation.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { connect, isIPv6, type Socket } from 'node:net';
import type { AuditLine } from '../audit-line.js';
import { formatSyslog, frameOctetCounted, type SyslogFormat } from './rfc5424.js';

export interface SyslogTarget { host: string; port: number; protocol: 'udp' | 'tcp' }

export interface SyslogForwarderOptions extends SyslogFormat {
  /** Messages held while TCP is (re)connecting; more are dropped. */
  maxQueue?: number;
  /** Bytes buffered in the TCP socket before further messages are dropped (a stalled collector). */
  maxBuffered?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Told about connection changes and first drops (for the workstation log, not the audit file). */
  onStatus?: (status: { connected: boolean; error?: string; dropped: number }) => void;
}

export interface ForwarderStats { sent: number; dropped: number; queued: number; connected: boolean }

export class SyslogForwarder {
  private sent = 0;
  private dropped = 0;
  private readonly queue: Buffer[] = [];
  private tcp: Socket | undefined;
  private connected = false;
  private udp: UdpSocket | undefined;
  private udpInFlight = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private backoffMs: number;
  private closed = false;

  constructor(private readonly target: SyslogTarget, private readonly options: SyslogForwarderOptions = {}) {
    this.backoffMs = options.reconnectMinMs ?? 500;
    if (target.protocol === 'tcp') this.connectTcp();
  }

  /** Forwards one line. Never throws, never waits. */
  send = (line: AuditLine): void => {
    if (this.closed) return;
    try {
      const message = formatSyslog(line, { procId: String(process.pid), ...this.options });
      if (this.target.protocol === 'udp') this.sendUdp(Buffer.from(message, 'utf8'));
      else this.sendTcp(frameOctetCounted(message));
    } catch {
      this.drop();
    }
  };

  stats(): ForwarderStats {
    return { sent: this.sent, dropped: this.dropped, queued: this.queue.length, connected: this.target.protocol === 'udp' || this.connected };
  }

  /** Stops reconnecting; gives queued TCP data up to `graceMs` to leave. */
  async close(graceMs = 500): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const tcp = this.tcp;
    if (tcp) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => { tcp.destroy(); resolve(); }, graceMs);
        tcp.end(() => { clearTimeout(timer); tcp.destroy(); resolve(); });
        tcp.once('close', () => { clearTimeout(timer); resolve(); });
      });
    }
    this.dropped += this.queue.length;
    this.queue.length = 0;
    const udp = this.udp;
    if (udp) await new Promise<void>((resolve) => udp.close(() => resolve()));
  }

  private sendUdp(datagram: Buffer): void {
    if (this.udpInFlight >= (this.options.maxQueue ?? 1000)) { this.drop(); return; }
    this.udp ??= this.openUdp();
    this.udpInFlight++;
    this.udp.send(datagram, this.target.port, this.target.host, (error) => {
      this.udpInFlight--;
      if (error) this.drop(error.message); else this.sent++;
    });
  }

  private openUdp(): UdpSocket {
    const socket = createSocket(isIPv6(this.target.host) ? 'udp6' : 'udp4');
    socket.on('error', (error) => this.options.onStatus?.({ connected: false, error: error.message, dropped: this.dropped }));
    socket.unref();
    return socket;
  }

  private sendTcp(frame: Buffer): void {
    if (this.connected && this.tcp && this.tcp.writableLength <= (this.options.maxBuffered ?? 1024 * 1024)) {
      this.tcp.write(frame);
      this.sent++;
      return;
    }
    if (this.connected) { this.drop('collector is not reading'); return; }
    if (this.queue.length >= (this.options.maxQueue ?? 1000)) { this.drop(); return; }
    this.queue.push(frame);
  }

  private connectTcp(): void {
    if (this.closed) return;
    const socket = connect({ host: this.target.host, port: this.target.port });
    this.tcp = socket;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 30_000);
    socket.unref();
    socket.on('connect', () => {
      this.connected = true;
      this.backoffMs = this.options.reconnectMinMs ?? 500;
      this.options.onStatus?.({ connected: true, dropped: this.dropped });
      for (const frame of this.queue.splice(0)) { socket.write(frame); this.sent++; }
    });
    socket.on('data', () => undefined); // collectors do not answer; ignore anything they send
    socket.on('error', (error) => this.options.onStatus?.({ connected: false, error: error.message, dropped: this.dropped }));
    socket.on('close', () => {
      if (this.tcp !== socket) return;
      this.connected = false;
      this.tcp = undefined;
      if (this.closed) return;
      this.retryTimer = setTimeout(() => this.connectTcp(), this.backoffMs);
      this.retryTimer.unref();
      this.backoffMs = Math.min(this.backoffMs * 2, this.options.reconnectMaxMs ?? 30_000);
    });
  }

  private drop(error?: string): void {
    this.dropped++;
    if (this.dropped === 1 || this.dropped % 100 === 0) this.options.onStatus?.({ connected: this.connected, dropped: this.dropped, ...(error ? { error } : {}) });
  }
}
