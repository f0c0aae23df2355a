#include "tests/integration/support/subprocess.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "tests/integration/support/temp_dir.hpp"

extern char** environ;

namespace ibasho::itest {

std::string resolve_program(const std::string& name) {
    if (name.find('/') != std::string::npos) {
        return name;
    }
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path != nullptr ? path : "/usr/local/bin:/usr/bin:/bin");
    std::string dir;
    while (std::getline(dirs, dir, ':')) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

std::vector<pid_t> live_processes_with_arg(const std::string& needle) {
    std::vector<pid_t> found;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        const pid_t pid = static_cast<pid_t>(std::stol(name));
        if (pid == ::getpid()) {
            continue;
        }
        // Field 3 of /proc/PID/stat is the state; a zombie has ended and only waits to be
        // reaped by whoever adopted it.
        const std::string stat = read_text_file(entry.path().string() + "/stat");
        const std::size_t paren = stat.rfind(')');
        if (paren == std::string::npos || paren + 2 >= stat.size() || stat[paren + 2] == 'Z') {
            continue;
        }
        const std::string cmdline = read_text_file(entry.path().string() + "/cmdline");
        std::size_t start = 0;
        while (start < cmdline.size()) {
            std::size_t end = cmdline.find('\0', start);
            if (end == std::string::npos) {
                end = cmdline.size();
            }
            if (cmdline.substr(start, end - start).find(needle) != std::string::npos) {
                found.push_back(pid);
                break;
            }
            start = end + 1;
        }
    }
    return found;
}

Subprocess::Subprocess(const std::vector<std::string>& argv, const std::string& log_path,
                       const std::vector<std::string>& extra_env, const std::string& cwd)
    : log_path_(log_path) {
    // Everything the child needs is built before fork: after fork only async-signal-safe
    // calls are allowed, and the test process has threads (Catch2, OpenSSL).
    if (argv.empty()) {
        throw std::invalid_argument("Subprocess needs a program");
    }
    // A bare name is looked up on PATH here, since execvp is not safe to call after fork.
    const std::string program = resolve_program(argv[0]);
    if (program.empty()) {
        throw std::runtime_error("cannot find '" + argv[0] + "' on PATH");
    }
    std::vector<char*> args;
    args.push_back(const_cast<char*>(program.c_str()));
    for (std::size_t i = 1; i < argv.size(); ++i) {
        args.push_back(const_cast<char*>(argv[i].c_str()));
    }
    args.push_back(nullptr);
    std::vector<char*> env;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        if (std::strncmp(*e, "IBASHO_", 7) != 0) {
            env.push_back(*e);
        }
    }
    for (const auto& e : extra_env) {
        env.push_back(const_cast<char*>(e.c_str()));
    }
    env.push_back(nullptr);
    const int log_fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (log_fd < 0) {
        throw std::runtime_error("cannot open log file " + log_path);
    }
    const pid_t parent = ::getpid();
    pid_ = ::fork();
    if (pid_ < 0) {
        ::close(log_fd);
        throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
        // A crashed test run must not leave servers behind holding ports.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) {
            ::_exit(127);
        }
        ::dup2(log_fd, STDOUT_FILENO);
        ::dup2(log_fd, STDERR_FILENO);
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd >= 0) {
            ::dup2(null_fd, STDIN_FILENO);
        }
        if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
            ::_exit(126);
        }
        // Whatever the test runner ignored (SIGINT, for a job started with '&') the child
        // must see, or a test that sends it SIGINT tests nothing.
        struct sigaction dfl {};
        dfl.sa_handler = SIG_DFL;
        ::sigaction(SIGINT, &dfl, nullptr);
        ::sigaction(SIGQUIT, &dfl, nullptr);
        sigset_t none;
        ::sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve(args[0], args.data(), env.data());
        ::_exit(127);
    }
    ::close(log_fd);
}

Subprocess::~Subprocess() {
    if (pid_ > 0 && !status_) {
        ::kill(pid_, SIGKILL);
        reap(0);
    }
}

bool Subprocess::reap(int options) {
    if (status_) {
        return true;
    }
    int raw = 0;
    const pid_t r = ::waitpid(pid_, &raw, options);
    if (r != pid_) {
        return false;
    }
    status_ = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    return true;
}

bool Subprocess::running() {
    return !reap(WNOHANG);
}

void Subprocess::send_signal(int sig) const {
    if (pid_ > 0 && !status_) {
        ::kill(pid_, sig);
    }
}

std::optional<int> Subprocess::wait_exit(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!reap(WNOHANG)) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return status_;
}

std::string Subprocess::log_text() const {
    return read_text_file(log_path_);
}

}  // namespace ibasho::itest
