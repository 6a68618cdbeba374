#!/usr/bin/env python3
"""Writes a pcap of G.711 u-law RTP (20 ms packets) for SIPp's play_pcap_audio:
rtp-pcap.py FILE SECONDS [LOSSY]. With LOSSY, every 10th packet is missing (10 % loss) and the
others leave up to 40 ms late (jitter), as over a congested link."""
import struct
import sys

out, seconds = sys.argv[1], float(sys.argv[2])
lossy = len(sys.argv) > 3
count = int(seconds * 50)
with open(out, "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i in range(count):
        if lossy and i % 10 == 5:
            continue
        rtp = struct.pack("!BBHII", 0x80, 0, i & 0xffff, 160 * i, 0x5eed) + bytes([0xff]) * 160
        udp = struct.pack("!HHHH", 6000, 6002, 8 + len(rtp), 0) + rtp
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xffff, 0, 64, 17, 0,
                         bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1])) + udp
        frame = b"\0" * 12 + b"\x08\x00" + ip
        t = i * 0.02 + (((i * 7919) % 41) / 1000.0 if lossy else 0)
        f.write(struct.pack("<IIII", int(t), int((t % 1) * 1e6), len(frame), len(frame)) + frame)
