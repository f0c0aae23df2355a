#include "protocol/encode_reports.hpp"

#include "protocol/json_writer.hpp"

namespace ibasho::protocol {
namespace {

using detail::ObjectWriter;

void write_report(std::string& out, const ReportView& r) {
    ObjectWriter o(out);
    o.string("id", r.id)
        .string("room", r.room)
        .number("seq", r.seq)
        .string("reason", r.reason)
        .string("text", r.text)
        .string("member", r.member)
        .string("nick", r.nick)
        .signed_number("created_ms", r.created_ms);
    if (r.note) {
        o.string("note", *r.note);
    }
    o.close();
}

void write_ask(std::string& out, const AskView& a) {
    ObjectWriter o(out);
    o.string("id", a.id)
        .string("room", a.room)
        .string("member", a.member)
        .string("nick", a.nick)
        .signed_number("created_ms", a.created_ms);
    o.close();
}

void write_line(std::string& out, const PrivateMessage& m, bool with_type) {
    ObjectWriter o(out);
    if (with_type) {
        o.string("type", "private_message");
    }
    o.string("thread", m.thread)
        .number("n", m.n)
        .string("from", m.from)
        .string("nick", m.nick)
        .string("text", m.text)
        .signed_number("ts", m.ts)
        .string("id", m.id);
    o.close();
}

template <class T, class W>
void write_array(std::string& out, const std::vector<T>& items, W write) {
    out.push_back('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) {
            out.push_back(',');
        }
        write(out, items[i]);
    }
    out.push_back(']');
}

std::string id_frame(std::string_view type, std::string_view key, const std::string& id) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", type).string(key, id);
    o.close();
    return out;
}

}  // namespace

std::string encode(const ReportPush& message) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", "report");
    write_report(o.field("report"), message.report);
    o.close();
    return out;
}

std::string encode(const ReportClosed& message) {
    return id_frame("report_closed", "report", message.report);
}

std::string encode(const StaffQueue& message) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", "queue").string("room", message.room);
    write_array(o.field("reports"), message.reports, write_report);
    write_array(o.field("asks"), message.asks, write_ask);
    o.close();
    return out;
}

std::string encode(const AskWaiting& message) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", "ask_waiting").string("room", message.room).string("ask", message.ask);
    o.close();
    return out;
}

std::string encode(const AskPush& message) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", "ask");
    write_ask(o.field("ask"), message.ask);
    o.close();
    return out;
}

std::string encode(const AskTaken& message) {
    return id_frame("ask_taken", "ask", message.ask);
}

std::string encode(const PrivateMessage& message) {
    std::string out;
    write_line(out, message, true);
    return out;
}

std::string encode(const PrivateOpen& message) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", "private_open")
        .string("thread", message.thread)
        .string("room", message.room)
        .string("staff", message.staff)
        .string("member", message.member)
        .string("nick", message.nick);
    if (message.lines) {
        write_array(o.field("lines"), *message.lines,
                    [](std::string& s, const PrivateMessage& m) { write_line(s, m, false); });
    }
    o.close();
    return out;
}

std::string encode(const PrivateEnded& message) {
    std::string out;
    ObjectWriter o(out);
    o.string("type", "private_ended").string("thread", message.thread).string("by", message.by);
    o.close();
    return out;
}

std::string encode_reports(const std::vector<ReportView>& reports) {
    std::string out;
    write_array(out, reports, write_report);
    return out;
}

std::string encode_asks(const std::vector<AskView>& asks) {
    std::string out;
    write_array(out, asks, write_ask);
    return out;
}

}  // namespace ibasho::protocol
