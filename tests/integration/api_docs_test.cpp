// docs/api.md stays true: every request example, sent to a real server, gets the documented
// status, headers and fields; and the errors table lists exactly the codes the server has,
// each with its status.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "server/api/errors.hpp"
#include "tests/integration/support/http_client.hpp"
#include "tests/integration/support/server_process.hpp"

using namespace ibasho::itest;
using nlohmann::json;

namespace {

std::string read_doc() {
    for (const std::string& path :
         {std::string("docs/api.md"), std::string(IBASHO_SOURCE_DIR) + "/docs/api.md"}) {
        std::ifstream in(path);
        if (in) {
            std::ostringstream text;
            text << in.rdbuf();
            return text.str();
        }
    }
    FAIL("docs/api.md not found");
    return {};
}

struct Block {
    std::string kind;  // "request" or "response"
    std::string text;
    int line = 0;
};

std::vector<Block> http_blocks(const std::string& doc) {
    std::vector<Block> out;
    std::istringstream in(doc);
    std::string line;
    int number = 0;
    Block* open = nullptr;
    bool other = false;
    while (std::getline(in, line)) {
        ++number;
        if (line.rfind("```", 0) != 0) {
            if (open != nullptr) {
                open->text += line + "\n";
            }
            continue;
        }
        if (open != nullptr) {
            open = nullptr;
        } else if (other) {
            other = false;
        } else if (line == "```http request" || line == "```http response") {
            out.push_back(Block{line.substr(8), {}, number});
            open = &out.back();
        } else {
            other = true;
        }
    }
    return out;
}

// Start line, headers and body of one documented message.
struct Message {
    std::string start;
    Headers headers;
    std::string body;
};

Message parse_message(const std::string& text) {
    Message m;
    std::istringstream in(text);
    std::getline(in, m.start);
    std::string line;
    while (std::getline(in, line) && !line.empty()) {
        const auto colon = line.find(':');
        REQUIRE(colon != std::string::npos);
        std::string value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        m.headers.emplace_back(line.substr(0, colon), value);
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    m.body = rest.str();
    while (!m.body.empty() && m.body.back() == '\n') {
        m.body.pop_back();
    }
    return m;
}

// "{17 KiB of text}" in a documented body stands for that much text.
std::string expand_body(std::string body) {
    static const std::regex filler(R"(\{(\d+) KiB of text\})");
    std::smatch m;
    if (std::regex_search(body, m, filler)) {
        body.replace(m.position(0), m.length(0), std::string(std::stoul(m[1]) * 1024, 'a'));
    }
    return body;
}

// Every field the documentation shows must be in the answer, with the same JSON type
// (arrays: the documented first element against each element answered).
void check_fields(const json& documented, const json& actual, const std::string& where) {
    INFO("at " << where);
    if (documented.is_null()) {
        return;
    }
    if (!actual.is_null()) {
        CHECK(std::string(documented.type_name()) == actual.type_name());
    }
    if (documented.is_object()) {
        REQUIRE(actual.is_object());
        for (const auto& [key, value] : documented.items()) {
            CHECK(actual.contains(key));
            if (actual.contains(key)) {
                check_fields(value, actual[key], where + "." + key);
            }
        }
    } else if (documented.is_array() && !documented.empty() && actual.is_array()) {
        for (std::size_t i = 0; i < actual.size(); ++i) {
            check_fields(documented[0], actual[i], where + "[" + std::to_string(i) + "]");
        }
    }
}

}  // namespace

TEST_CASE("docs/api.md: every example request gets the documented answer", "[api][docs]") {
    const auto blocks = http_blocks(read_doc());
    ServerProcess server;
    std::string last_etag;
    int pairs = 0;
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i].kind != "request") {
            continue;
        }
        INFO("docs/api.md line " << blocks[i].line);
        REQUIRE(i + 1 < blocks.size());
        REQUIRE(blocks[i + 1].kind == "response");
        const Message doc_req = parse_message(blocks[i].text);
        const Message doc_res = parse_message(blocks[i + 1].text);

        std::istringstream start(doc_req.start);
        HttpRequest req;
        std::string version;
        start >> req.method >> req.target >> version;
        REQUIRE(version == "HTTP/1.1");
        for (auto [name, value] : doc_req.headers) {
            if (value == "{etag}") {
                REQUIRE_FALSE(last_etag.empty());
                value = last_etag;
            }
            req.headers.emplace_back(name, value);
        }
        req.body = expand_body(doc_req.body);
        const HttpResponse got = http_request(server.http_port(), req);

        const int status = std::stoi(doc_res.start.substr(doc_res.start.find(' ') + 1));
        CHECK(got.status == status);
        for (const auto& [name, value] : doc_res.headers) {
            INFO("header " << name);
            CHECK(got.has(name));
            const std::set<std::string> exact{"Content-Type", "Cache-Control", "Allow",
                                              "WWW-Authenticate"};
            if (exact.count(name) != 0) {
                CHECK(got.header(name) == value);
            }
        }
        if (doc_res.body.empty()) {
            CHECK(got.body.empty());
        } else {
            const json documented = json::parse(doc_res.body);
            const json actual = json::parse(got.body);
            check_fields(documented, actual, "body");
        }
        if (got.has("etag")) {
            last_etag = got.header("etag");
        }
        ++pairs;
    }
    CHECK(pairs >= 6);
}

TEST_CASE("docs/api.md: the errors table is the code's table", "[api][docs]") {
    const std::string doc = read_doc();
    static const std::regex row(R"(^\| `([a-z_]+)` \| (\d{3}) \|)");
    std::map<std::string, int> documented;
    std::istringstream in(doc);
    std::string line;
    while (std::getline(in, line)) {
        std::smatch m;
        if (std::regex_search(line, m, row)) {
            documented[m[1]] = std::stoi(m[2]);
        }
    }
    for (const auto& e : ibasho::api::error_table()) {
        INFO(e.name);
        REQUIRE(documented.count(std::string(e.name)) == 1);
        CHECK(documented[std::string(e.name)] == e.status);
    }
    CHECK(documented.size() == ibasho::api::error_table().size());
}
