#!/usr/bin/env python3
"""Writes the committed seed corpora, tests/fuzz/corpus/<target>/, from the repository's own
examples: the client frames in docs/protocol.md, the rooms files, the moderation corpora, and
hand-made WebSocket and HTTP streams. Run it again after those change; the output is stable.

Usage: tests/fuzz/make_seeds.py
"""
import hashlib
import json
import os
import re
import shutil
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def write(target, seeds):
    folder = os.path.join(OUT, target)
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    seen = set()
    for name, data in seeds:
        if isinstance(data, str):
            data = data.encode()
        if data in seen:
            continue
        seen.add(data)
        digest = hashlib.sha1(data).hexdigest()[:8]
        with open(os.path.join(folder, f"{name}-{digest}"), "wb") as f:
            f.write(data)
    print(f"{target}: {len(seen)} seeds")


def client_examples():
    doc = open(os.path.join(ROOT, "docs", "protocol.md"), encoding="utf-8").read()
    return [m.strip() for m in re.findall(r"```json client\n(.*?)```", doc, re.S)]


def corpus_lines(name, limit):
    path = os.path.join(ROOT, "tests", "unit", "moderation", "corpus", name)
    lines = [l.rstrip("\r\n") for l in open(path, encoding="utf-8")]
    lines = [l for l in lines if l and not l.startswith("#")]
    # Every k-th line, so the sample spans the whole file.
    step = max(1, len(lines) // limit)
    return lines[::step][:limit]


# --- WebSocket frames as a client sends them (masked), behind the target's two control bytes.
def frame(opcode, payload, fin=True, key=b"\x12\x34\x56\x78", rsv=0):
    head = bytes([(0x80 if fin else 0) | rsv | opcode])
    n = len(payload)
    if n < 126:
        head += bytes([0x80 | n])
    elif n <= 0xFFFF:
        head += bytes([0x80 | 126]) + struct.pack(">H", n)
    else:
        head += bytes([0x80 | 127]) + struct.pack(">Q", n)
    masked = bytes(b ^ key[i % 4] for i, b in enumerate(payload))
    return head + key + masked


def ws_seeds():
    text = [e.encode() for e in client_examples()[:8]]
    say = json.dumps({"type": "say", "room": "hiroba", "text": "こんばんは", "id": "m1"},
                     ensure_ascii=False).encode()
    streams = [
        ("text", frame(1, say)),
        ("two-texts", frame(1, text[0]) + frame(1, text[1])),
        ("examples", b"".join(frame(1, t) for t in text)),
        ("fragmented", frame(1, say[:5], fin=False) + frame(0, say[5:12], fin=False)
         + frame(0, say[12:])),
        ("fragment-ping-inside", frame(1, say[:5], fin=False) + frame(9, b"hi")
         + frame(0, say[5:])),
        ("empty-fragments", frame(1, b"", fin=False) + frame(0, b"", fin=False) + frame(0, b"x")),
        ("ping-pong", frame(9, b"") + frame(10, b"abc") + frame(9, b"x" * 125)),
        ("close", frame(1, say) + frame(8, struct.pack(">H", 1000) + "さようなら".encode())),
        ("close-empty", frame(8, b"")),
        ("close-bad-code", frame(8, struct.pack(">H", 1005))),
        ("close-bad-utf8", frame(8, struct.pack(">H", 1000) + b"\xc3")),
        ("binary", frame(2, bytes(range(256)))),
        ("len16", frame(1, b"a" * 300)),
        ("len64", frame(1, b"b" * 70000)[:40]),  # refused once the length is read
        ("bad-utf8", frame(1, b"\xe3\x81")),
        ("split-utf8", frame(1, "あい".encode()[:4], fin=False) + frame(0, "あい".encode()[4:])),
        ("unmasked", bytes([0x81, 0x02]) + b"hi"),
        ("rsv", frame(1, b"hi", rsv=0x40)),
        ("bad-opcode", frame(3, b"hi")),
        ("continuation-first", frame(0, b"hi")),
        ("ping-too-long", frame(9, b"p" * 126)),
        ("ping-fragmented", frame(9, b"p", fin=False)),
        ("overlong-16", bytes([0x81, 0xFE, 0x00, 0x05]) + b"\0\0\0\0hello"),
    ]
    seeds = []
    for name, stream in streams:
        # limit 255 = the server's 16 KiB; 40 reaches the too-big paths; no split, then splits.
        seeds.append((name, bytes([255, 0]) + stream))
    for name, stream in streams[:6]:
        seeds.append((name + "-split", bytes([255, 3, 0, 1, 0, 7, 0, 20]) + stream))
        seeds.append((name + "-small", bytes([40, 1, 0, 9]) + stream))
    return seeds


# --- HTTP requests, behind the target's two control bytes (flags: bit 0 = TLS).
def http_seeds():
    upgrade = ("GET /ws HTTP/1.1\r\nHost: localhost:8080\r\nUpgrade: websocket\r\n"
               "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
               "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://localhost:8080\r\n\r\n")
    requests = [
        ("upgrade", upgrade),
        ("upgrade-early-frame", upgrade + "\x81\x82\x00\x00\x00\x00hi"),
        ("upgrade-tls-origin", upgrade.replace("http://localhost:8080", "https://localhost:8080")),
        ("upgrade-other-origin", upgrade.replace("http://localhost:8080", "https://ibasho.example")),
        ("upgrade-no-origin", upgrade.replace("Origin: http://localhost:8080\r\n", "")),
        ("upgrade-version-8", upgrade.replace("Version: 13", "Version: 8")),
        ("upgrade-bad-key", upgrade.replace("dGhlIHNhbXBsZSBub25jZQ==", "dGhlIHNhbXBsZSBub25jZR==")),
        ("upgrade-query", upgrade.replace("GET /ws ", "GET /ws?x=1 ")),
        ("upgrade-wrong-path", upgrade.replace("GET /ws ", "GET /chat ")),
        ("get", "GET / HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("get-pipelined", "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\nGET /metrics HTTP/1.1\r\n"
         "Host: a\r\n\r\n" + upgrade),
        ("get-close", "GET /index.html HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n"),
        ("http10", "GET / HTTP/1.0\r\n\r\n"),
        ("post-length", "POST /api/login HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
         "Content-Length: 15\r\n\r\n{\"name\":\"sora\"}"),
        ("post-chunked", "POST /api/login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
         "5\r\nhello\r\n3;x=y\r\nabc\r\n0\r\nTrailer: 1\r\n\r\n" + upgrade),
        ("chunked-upper", "POST /api/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: CHUNKED \r\n\r\n0\r\n\r\n"),
        ("te-gzip", "POST /api/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"),
        ("te-and-cl", "POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n"),
        ("two-cl", "POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
        ("cl-list", "POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\nhello"),
        ("two-te", "POST /api/x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
         "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        ("cl-huge", "POST /api/x HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999\r\n\r\n"),
        ("long-header", "GET / HTTP/1.1\r\nHost: a\r\nX-Long: " + "x" * 9000 + "\r\n\r\n"),
        ("obs-fold", "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n c\r\n\r\n"),
        ("bare-lf", "GET / HTTP/1.1\nHost: a\n\n"),
    ]
    seeds = []
    for name, req in requests:
        data = req.encode("latin-1")
        seeds.append((name, bytes([0, 0]) + data))
    for name, req in requests[:4]:
        seeds.append((name + "-split", bytes([1, 2, 0, 3, 0, 40]) + req.encode("latin-1")))
    return seeds


def protocol_seeds():
    seeds = [("doc", e) for e in client_examples()]
    seeds += [
        ("extra-fields", '{"type":"say","room":"lobby","text":"x","id":"m2","extra":[{"a":[1,2.5e3,null]}]}'),
        ("escapes", '{"type":"say","room":"lobby","text":"こんばんは🌙 \\"hi\\" \\\\ \\u3042 \\ud83c\\udf19","id":"m1"}'),
        ("nulls", '{"type":"join","room":"a","nick":"n","since":null,"affirm":null}'),
        ("minus-zero", '{"type":"join","room":"a","nick":"n","since":-0}'),
        ("big-seq", '{"type":"hide","room":"a","seq":18446744073709551615,"reason":"spam","id":"x"}'),
        ("float-seq", '{"type":"unhide","room":"a","seq":1.0,"id":"x"}'),
        ("duplicate", '{"type":"say","type":"say","room":"a","text":"x","id":"x"}'),
        ("duplicate-unknown", '{"type":"say","zz":1,"zz":2,"room":"a","text":"x","id":"x"}'),
        ("deep", '{"type":"say","x":[[[[1]]]]}'),
        ("not-object", '["type","say"]'),
        ("ban", '{"type":"ban","room":"a","member":"m1","hours":24,"reason":"spam","id":"b1"}'),
        ("remove-default", '{"type":"remove","room":"a","member":"m1","reason":"spam","id":"b1"}'),
        ("pin", '{"type":"room_control","room":"a","control":"pin","text":"hi","id":"p"}'),
        ("slow", '{"type":"room_control","room":"a","control":"slow_mode","seconds":30,"id":"p"}'),
        ("peek", '{"type":"peek","room":"a","id":"p1"}'),
        ("remind-text", '{"type":"remind","room":"a","member":"m","text":"please","id":"r"}'),
        ("nul", '{"type":"rooms"}\u0000junk'),
        ("bad-utf8", b'{"type":"say","room":"a","text":"\xe3\x81","id":"x"}'),
        ("whitespace", ' \t\n{ "type" : "rooms" }\r\n'),
    ]
    return seeds


def nick_shield_seeds():
    seeds = [
        ("nick", "くも"), ("nick-fullwidth", "ＳＯＲＡ　１２３"), ("nick-halfwidth", "ｿﾗ"),
        ("nick-emoji", "👩‍👩‍👧‍👦🏳️‍🌈🇯🇵"), ("nick-zalgo", "a\u0301\u0302\u0303\u0304\u0305"),
        ("nick-bidi", "abc\u202edef"), ("nick-zwsp", "a\u200bb"), ("nick-braille", "\u2800a\u2800"),
        ("nick-ivs", "葛\U000E0100城"), ("nick-long", "あ" * 30), ("nick-contact", "LINE ID sora123"),
        ("mask", "［連絡先は表示されません］"), ("bad-utf8", b"\xff\xfe abc"),
        # Found by this target: a link after a phone number, delivered once the number was masked.
        ("found-www-after-digits", "444444444444www.444444444\ufe0f444444444L0"),
        ("found-www-after-phone", "連絡は09012345678www.hikari-no-heya.ninjaまで"),
    ]
    for name, limit in (("contact_positive.txt", 24), ("contact_near_miss.txt", 16),
                        ("ordinary_talk.txt", 10)):
        seeds += [(name.split(".")[0], line) for line in corpus_lines(name, limit)]
    return seeds


def config_seeds():
    seeds = [
        ("minimal", "{}"),
        ("listen", '{"listen":"0.0.0.0:8080","threads":2,"log_level":"debug"}'),
        ("tls", '{"listen":null,"tls_listen":"[::1]:8443","cert":"c.pem","key":"k.pem"}'),
        ("redis", '{"store":"redis","redis":"redis://127.0.0.1:6379/2","redis_prefix":"ib:"}'),
        ("origins", '{"allowed_origins":["https://a.example","http://b.example:8080"]}'),
        ("limits", '{"max_message_bytes":16384,"send_queue_bytes":1048576,"send_queue_frames":4096,'
                   '"idle_timeout":40,"handshake_timeout":10,"max_rooms_per_session":8,'
                   '"shutdown_grace":5,"session_ttl":1800,"presence_expiry":30,'
                   '"max_connections":0,"behind_tls_proxy":true,"exit_url":"/neutral.html",'
                   '"node_id":"n1","rooms":"deploy/rooms.json","static":"client-web/dist"}'),
        ("bad-type", '{"threads":-1}'),
        ("unknown", '{"colour":"blue"}'),
        ("args", "--listen=127.0.0.1:0\n--store\nmemory\n--threads=1\n--behind-tls-proxy"),
        ("args-redis", "--store=redis\n--redis=redis://[::1]:6379/0\n--allowed-origins=https://x.example"),
        ("args-help", "--help"),
        ("args-bad", "--listen\n[::1:80"),
    ]
    return seeds


def rooms_seeds():
    seeds = []
    for rel in ("deploy/rooms.json", "tests/e2e/rooms.json", "tests/e2e/rooms-small-history.json"):
        seeds.append((os.path.basename(rel).split(".")[0], open(os.path.join(ROOT, rel), "rb").read()))
    room = {"id": "r1", "name": {"ja": "部屋", "en": "Room"}, "audience": ["open"]}
    variants = [
        ("minimal", {"rooms": [room]}),
        ("full", {"defaults": {"capacity": 10, "history_length": 50, "history_age_s": 600,
                               "slow_mode_s": 5, "rate_limit": "off", "presence": "counts",
                               "typing": True, "supporter_present": True},
                  "rooms": [dict(room, state="locked", org="org-1", scheduled=True,
                                 description={"ja": "説明"}, rules={"en": "Be kind"},
                                 audience=["women", "age_20s"])]}),
        ("rate", {"rooms": [dict(room, rate_limit={"per_second": 0.5, "burst": 3})]}),
        ("twice", {"rooms": [room, room]}),
        ("bad-id", {"rooms": [dict(room, id="-x")]}),
        ("empty", {"rooms": []}),
    ]
    for name, doc in variants:
        seeds.append((name, json.dumps(doc, ensure_ascii=False)))
    return seeds


# --- Dictionaries: tokens the mutator splices in whole (libFuzzer's -dict format).
def proxy_seeds():
    sig = b"\r\n\r\n\x00\r\nQUIT\n"

    def header(ver_cmd, fam, body):
        return sig + bytes([ver_cmd, fam]) + struct.pack(">H", len(body)) + body

    tcp4 = bytes([192, 0, 2, 7, 10, 0, 0, 1]) + struct.pack(">HH", 51000, 8080)
    tcp6 = bytes([0x20, 0x01, 0x0D, 0xB8] + [0] * 11 + [1]) + bytes(15) + b"\x01" + \
        struct.pack(">HH", 40000, 443)
    tlvs = b"\x01" + struct.pack(">H", 8) + b"http/1.1" + b"\x05" + struct.pack(">H", 3) + b"abc"
    no_split = b"\x00"
    return [
        ("tcp4", no_split + header(0x21, 0x11, tcp4) + b"GET / HTTP/1.1\r\n\r\n"),
        ("tcp6", no_split + header(0x21, 0x21, tcp6)),
        ("local", no_split + header(0x20, 0x00, b"")),
        ("tlvs", no_split + header(0x21, 0x11, tcp4 + tlvs)),
        ("split", b"\x03\x00\x05\x00\x10\x00\x14" + header(0x21, 0x11, tcp4)),
        ("truncated", no_split + header(0x21, 0x11, tcp4)[:20]),
        ("oversize", no_split + sig + b"\x21\x11\xff\xff"),
        ("tls", no_split + b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03"),
        ("http", no_split + b"GET / HTTP/1.1\r\n\r\n"),
    ]


def write_dict(target, comment, words):
    lines = ["# " + comment]
    seen = set()
    for w in words:
        if w in seen:
            continue
        seen.add(w)
        out = ""
        for b in w.encode("utf-8"):
            if b in (0x22, 0x5C):
                out += "\\" + chr(b)
            elif 0x20 <= b < 0x7F:
                out += chr(b)
            else:
                out += "\\x%02X" % b
        lines.append('"%s"' % out)
    with open(os.path.join(ROOT, "tests", "fuzz", target + ".dict"), "w") as f:
        f.write("\n".join(lines) + "\n")


FIELDS = ("type v resume room nick since affirm listening text id stamp on staff seq reason note "
          "member template minutes hours control seconds outcome report ask thread alert after").split()
TYPES = ("hello rooms join leave say stamp status hide unhide remind mute remove ban room_control "
         "admit standing standing_note report resolve_report ask accept_ask private_say "
         "private_end ack_alert reach_out end earlier peek").split()
VALUES = ("like wakaru thanks hug slow_mode lock unlock pause resume close open pin unpin shield_on "
          "shield_off supporter_present_on supporter_present_off hurtful spam contact worried "
          "operator other resolved dismissed").split()
OPTIONS = ("listen tls-listen cert key redis redis-prefix store rooms static exit-url threads "
           "node-id log-level allowed-origins max-message-bytes handshake-timeout idle-timeout "
           "send-queue-bytes send-queue-frames max-rooms-per-session shutdown-grace session-ttl "
           "presence-expiry max-connections behind-tls-proxy").split()


def dictionaries():
    write_dict("fuzz_protocol_decode", "JSON tokens, field names, types and values of the client protocol.",
               ["{", "}", "[", "]", ":", ",", '"', "true", "false", "null", "-0", "1e5", "\\u0000",
                "\\ud83c\\udf19", '\\"'] + ['"%s":' % f for f in FIELDS]
               + ['"%s"' % t for t in TYPES] + ['"%s"' % v for v in VALUES])
    write_dict("fuzz_http_head", "HTTP/1.1 request tokens and the fields the upgrade path reads.",
               ["GET ", "POST ", "HEAD ", " HTTP/1.1\r\n", " HTTP/1.0\r\n", "\r\n", "\r\n\r\n", "/ws",
                "/api/", "?", "Host: ", "Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
                "Connection: close\r\n", "Connection: keep-alive\r\n",
                "Sec-WebSocket-Version: 13\r\n", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n",
                "Origin: ", "http://", "https://", "localhost:8080", "Content-Length: ",
                "Transfer-Encoding: ", "chunked", "gzip", "identity", ", ", "0\r\n\r\n", ";ext=1",
                "Trailer: ", "\t", " "])
    write_dict("fuzz_nick_shield", "Pieces of contact details the shield looks for, and nickname oddities.",
               ["@", ".com", ".jp", "www.", "https://", "t.me/", "line.me", "LINE", "ID:", "ライン",
                "インスタ", "discord", "telegram", "カカオ", "X(旧Twitter)", "あっと", "あっとまーく", "ドット",
                "どっと", "じーめーる", "やふー", "090", "０９０", "ー", "の", "〇", "九", "ぜろ", "ゼロ",
                "きゅう", "まる", "+81", " at ", " dot ", "\u200d", "\ufe0f", "\u2800", "\u202e",
                "\u3000", "\U0001f469", "\U0001f1ef\U0001f1f5", "［連絡先は表示されません］", "・"])
    write_dict("fuzz_config", "Config keys (JSON) and flags (one per line), with values of each kind.",
               ['"%s":' % o.replace("-", "_") for o in OPTIONS] + ["\n--%s=" % o for o in OPTIONS]
               + ["redis://", "127.0.0.1:", "[::1]:", "off", "memory", "true", "debug",
                  "https://a.example", "18446744073709551616", "null", "[", "]", "{", "}"])
    write_dict("fuzz_rooms", "Rooms-file keys and the values they take.",
               ['"%s":' % k for k in ("defaults rooms id name description rules audience state org "
                                      "scheduled capacity history_length history_age_s slow_mode_s "
                                      "rate_limit per_second burst presence typing "
                                      "supporter_present ja en").split()]
               + ['"%s"' % v for v in ("open age_u20 age_20s age_30s age_40plus women lgbtq family "
                                       "locked paused closed names counts off").split()]
               + ["true", "false", "null", "0.5", "1e308", "-1", "4294967296", "{", "}", "[", "]"])


def event_seeds():
    """Events API bodies: a paired monthly event, a weekly one with a count, one in person with
    a place full of characters iCal escapes, a long Japanese title that must fold, and a few
    refused ones."""
    paired = ('{"title":{"ja":"家族のつどい","en":"Family meeting"},'
              '"description":{"ja":"月に一度","en":"Once a month"},'
              '"start":"2026-12-12T10:00:00+09:00","end":"2026-12-12T11:30:00+09:00",'
              '"audience":["family"],"capacity":20,'
              '"rooms":[{"room":"tsudoi-honnin","side":"lived","supporters":["st_a1"]},'
              '{"room":"tsudoi-kazoku","side":"family","supporters":["st_b2"]}],'
              '"place":null,"recurrence":{"freq":"monthly_weekday","until":"2027-06-30T15:00:00Z"},'
              '"cancelled":["2027-01-09T10:00:00+09:00"],"open_before_min":15}')
    weekly = ('{"title":{"ja":"夜のひろば","en":"Evening plaza"},"description":{"ja":"","en":""},'
              '"start":"2026-12-01T21:00:00Z","end":"2026-12-01T22:00:00Z","zone":"Europe/Berlin",'
              '"audience":["open"],"capacity":0,"rooms":[{"room":"yoru","side":"","supporters":[]}],'
              '"place":null,"recurrence":{"freq":"weekly","count":10},"open_before_min":0}')
    place = ('{"title":{"ja":"会場で; 会いましょう, ね","en":"Meet, in person; at last"},'
             '"description":{"ja":"一行目\\n二行目\\\\ バックスラッシュ","en":"line\\r\\nnext"},'
             '"start":"2027-03-28T01:30:00+01:00","end":"2027-03-28T03:30:00+02:00",'
             '"zone":"Europe/Berlin","audience":["age_20s"],"capacity":12,'
             '"rooms":[{"room":"kaijo","side":"","supporters":[]}],'
             '"place":{"ja":"市民センター 2階, 会議室A; 駅から徒歩5分","en":"Civic centre, 2F; room A"},'
             '"recurrence":{"freq":"biweekly","until":"2027-12-31T00:00:00Z"},"open_before_min":120}')
    long_title = ('{"title":{"ja":"' + "ひきこもり経験者とご家族のためのオンライン交流会" * 4 +
                  '","en":"' + "A long title that has to fold " * 6 + '"},"description":{"ja":"","en":""},'
                  '"start":"2026-12-24T19:00:00+09:00","end":"2026-12-24T20:00:00+09:00",'
                  '"audience":["open"],"capacity":0,"rooms":[{"room":"hiroba","side":"","supporters":[]}],'
                  '"place":null,"recurrence":{"freq":"none"},"open_before_min":10}')
    return [
        ("paired", paired), ("weekly", weekly), ("place", place), ("long-title", long_title),
        ("no-title", '{"start":"2026-12-12T10:00:00+09:00"}'),
        ("bad-time", paired.replace("2026-12-12T11:30:00+09:00", "2026-13-12T11:30:00+09:00")),
        ("not-object", '["title"]'),
    ]


def main():
    write("fuzz_frame_parser", ws_seeds())
    write("fuzz_http_head", http_seeds())
    write("fuzz_protocol_decode", protocol_seeds())
    write("fuzz_nick_shield", nick_shield_seeds())
    write("fuzz_config", config_seeds())
    write("fuzz_rooms", rooms_seeds())
    write("fuzz_proxy_header", proxy_seeds())
    write("fuzz_event_ical", event_seeds())
    dictionaries()


if __name__ == "__main__":
    main()
