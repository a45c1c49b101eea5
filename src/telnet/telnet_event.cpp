#include "telnet/telnet_event.h"

namespace busytrap::telnet {

const char* command_name(std::uint8_t command) noexcept {
  switch (command) {
    case 251: return "WILL";
    case 252: return "WONT";
    case 253: return "DO";
    case 254: return "DONT";
    default: return "UNKNOWN";
  }
}

const char* option_name(std::uint8_t option) noexcept {
  switch (option) {
    case 0: return "BINARY";
    case 1: return "ECHO";
    case 2: return "RCP";
    case 3: return "SGA";
    case 4: return "NAMS";
    case 5: return "STATUS";
    case 6: return "TM";
    case 7: return "RCTE";
    case 8: return "NAOL";
    case 9: return "NAOP";
    case 17: return "EXTEND-ASCII";
    case 18: return "LOGOUT";
    case 19: return "BM";
    case 20: return "DET";
    case 21: return "SUPDUP";
    case 22: return "SUPDUP-OUTPUT";
    case 23: return "SNDLOC";
    case 24: return "TTYPE";
    case 25: return "EOR";
    case 26: return "TUID";
    case 27: return "OUTMRK";
    case 28: return "TTYLOC";
    case 29: return "3270-REGIME";
    case 30: return "X.3-PAD";
    case 31: return "NAWS";
    case 32: return "TSPEED";
    case 33: return "LFLOW";
    case 34: return "LINEMODE";
    case 35: return "XDISPLOC";
    case 36: return "ENVIRON";
    case 37: return "AUTHENTICATION";
    case 38: return "ENCRYPT";
    case 39: return "NEW-ENVIRON";
    case 44: return "COM-PORT";
    case 46: return "START-TLS";
    case 69: return "MSDP";
    case 70: return "MSSP";
    case 85: return "COMPRESS";
    case 86: return "COMPRESS2";
    case 93: return "ZMP";
    case 255: return "EXOPL";
    default: return "UNKNOWN";
  }
}

}  // namespace busytrap::telnet
