//===- Npy.cpp - NumPy .npy files of float32 arrays -----------------------===//
//
// The format (numpy/lib/format.py): the magic "\x93NUMPY", a major and a minor
// version byte, the header length (uint16 in version 1.0, uint32 in 2.0 and
// 3.0), the header, then the data. The header is a Python dict literal such as
//   {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }
// padded with spaces and ended by '\n'.
//
//===----------------------------------------------------------------------===//
#include "netc/npy.h"

#include "FloatFormats.h"
#include "Support.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/EndianStream.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

using namespace netc;
using llvm::StringRef;
using llvm::Twine;

static constexpr StringRef kMagic("\x93NUMPY", 6);
/// numpy pads the header so that the data is aligned for any dtype.
static constexpr size_t kHeaderAlignment = 64;

namespace {
struct NpyDType {
  StringRef descr;
  FloatFormat format;
};

struct NpyHeader {
  StringRef descr;
  bool fortranOrder = false;
  llvm::SmallVector<int64_t, 4> shape;
};

/// Parses a header in the literal forms numpy writes: quoted strings, True and
/// False, and tuples of integers. The parse methods return false after
/// recording the first problem.
class HeaderParser {
public:
  explicit HeaderParser(StringRef text) : rest(text) {}

  llvm::Expected<NpyHeader> parse();

private:
  bool fail(const Twine &message);
  bool consume(StringRef token);
  bool expect(StringRef token) { return consume(token) || fail("expected '" + token + "'"); }
  template <typename ParseElement>
  bool parseSequence(StringRef open, StringRef close, ParseElement parseElement);
  bool parseString(StringRef &result);
  bool parseBool(bool &result);
  bool parseDimension(llvm::SmallVectorImpl<int64_t> &shape);
  bool parseItem(NpyHeader &header);

  StringRef rest;
  std::string problem;
  llvm::StringSet<> keys;
};
} // namespace

static constexpr NpyDType kDTypes[] = {
    {"<f4", FloatFormat::F32},
    {"<f8", FloatFormat::F64},
    {"<f2", FloatFormat::F16},
};

bool HeaderParser::fail(const Twine &message) {
  StringRef context = rest.ltrim().take_front(16);
  std::string where = context.empty() ? "the end" : ("\"" + context + "\"").str();
  problem = (message + " at " + where).str();
  return false;
}

bool HeaderParser::consume(StringRef token) {
  rest = rest.ltrim();
  return rest.consume_front(token);
}

/// Parses `open` elements `close`, where commas separate the elements and may
/// follow the last, as in Python's "(3,)" and numpy's "{..., }".
template <typename ParseElement>
bool HeaderParser::parseSequence(StringRef open, StringRef close, ParseElement parseElement) {
  if (!expect(open))
    return false;
  while (!consume(close)) {
    if (!parseElement())
      return false;
    if (!consume(","))
      return expect(close);
  }
  return true;
}

bool HeaderParser::parseString(StringRef &result) {
  rest = rest.ltrim();
  char quote = rest.empty() ? 0 : rest.front();
  if (quote != '\'' && quote != '"')
    return fail("expected a quoted string");
  size_t end = rest.find(quote, 1);
  if (end == StringRef::npos)
    return fail("unterminated string");
  result = rest.slice(1, end);
  rest = rest.drop_front(end + 1);
  return true;
}

bool HeaderParser::parseBool(bool &result) {
  if (consume("True"))
    result = true;
  else if (consume("False"))
    result = false;
  else
    return fail("expected True or False");
  return true;
}

bool HeaderParser::parseDimension(llvm::SmallVectorImpl<int64_t> &shape) {
  rest = rest.ltrim();
  uint64_t dim;
  if (rest.consumeInteger(10, dim) || dim > uint64_t(INT64_MAX))
    return fail("expected a non-negative integer");
  shape.push_back(dim);
  return true;
}

bool HeaderParser::parseItem(NpyHeader &header) {
  StringRef key;
  if (!parseString(key) || !expect(":"))
    return false;
  if (!keys.insert(key).second)
    return fail("duplicate key '" + key + "'");
  if (key == "descr")
    return parseString(header.descr);
  if (key == "fortran_order")
    return parseBool(header.fortranOrder);
  if (key == "shape")
    return parseSequence("(", ")", [&] { return parseDimension(header.shape); });
  return fail("unexpected key '" + key + "'");
}

llvm::Expected<NpyHeader> HeaderParser::parse() {
  NpyHeader header;
  if (parseSequence("{", "}", [&] { return parseItem(header); }) && !rest.trim().empty())
    fail("unexpected text after the dict");
  if (!problem.empty())
    return llvm::createStringError("malformed header: " + problem);
  for (StringRef key : {"descr", "fortran_order", "shape"})
    if (!keys.contains(key))
      return llvm::createStringError("malformed header: missing key '" + key + "'");
  return header;
}

llvm::Expected<NpyArray> netc::readNpy(StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> file =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!file)
    return fileError(path, file.getError().message());
  StringRef contents = (*file)->getBuffer();
  if (!contents.consume_front(kMagic))
    return fileError(path, "not a .npy file: it does not start with \"\\x93NUMPY\"");

  auto truncated = [&] { return fileError(path, "truncated header"); };
  constexpr size_t versionBytes = 2;
  if (contents.size() < versionBytes)
    return truncated();
  uint8_t major = contents[0], minor = contents[1];
  if (major < 1 || major > 3 || minor != 0)
    return fileError(path, llvm::formatv("unsupported format version {0}.{1}", major, minor));
  // Versions 2.0 and 3.0 only widen the header length (3.0 also allows UTF-8 in it).
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (contents.size() < versionBytes + lengthBytes)
    return truncated();
  const char *length = contents.data() + versionBytes;
  size_t headerLength = major == 1 ? llvm::support::endian::read16le(length)
                                   : llvm::support::endian::read32le(length);
  contents = contents.drop_front(versionBytes + lengthBytes);
  if (contents.size() < headerLength)
    return truncated();
  StringRef data = contents.drop_front(headerLength);

  llvm::Expected<NpyHeader> header = HeaderParser(contents.take_front(headerLength)).parse();
  if (!header)
    return fileError(path, llvm::toString(header.takeError()));
  if (header->fortranOrder)
    return fileError(path, "Fortran-order arrays are not supported; save a C-order array "
                           "(numpy.ascontiguousarray)");
  const auto *dtype = llvm::find_if(
      kDTypes, [&](const NpyDType &candidate) { return candidate.descr == header->descr; });
  if (dtype == std::end(kDTypes))
    return fileError(path, "dtype '" + header->descr +
                               "' is not supported; expected '<f4', '<f8' or '<f2'");
  std::optional<int64_t> bytes = getByteSize(header->shape, byteSize(dtype->format));
  if (!bytes)
    return fileError(path, "shape " + formatShape(header->shape) + " is too large");
  if (int64_t(data.size()) != *bytes)
    return fileError(path,
                     llvm::formatv("{0} bytes of data, but shape {1} of '{2}' needs {3}",
                                   data.size(), formatShape(header->shape), header->descr, *bytes));

  NpyArray array;
  array.shape.assign(header->shape.begin(), header->shape.end());
  array.data.resize(*bytes / byteSize(dtype->format));
  decodeFloats(dtype->format, data.data(), array.data.size(), array.data.data());
  return std::move(array);
}

/// The header numpy would write for a C-order '<f4' array of `shape`, padded so
/// that the data starts at a multiple of kHeaderAlignment.
static std::string makeHeader(llvm::ArrayRef<int64_t> shape) {
  std::string header;
  llvm::raw_string_ostream os(header);
  os << "{'descr': '<f4', 'fortran_order': False, 'shape': (";
  llvm::interleaveComma(shape, os);
  // Python spells a tuple of one element "(3,)".
  os << (shape.size() == 1 ? ",), }" : "), }");
  size_t unpadded = kMagic.size() + /*version*/ 2 + /*header length*/ 2 + header.size() + 1;
  header.append(llvm::alignTo(unpadded, kHeaderAlignment) - unpadded, ' ');
  header += '\n';
  return header;
}

llvm::Error netc::writeNpy(StringRef path, llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<float> data) {
  std::optional<int64_t> bytes = getByteSize(shape, sizeof(float));
  if (!bytes || *bytes != int64_t(data.size() * sizeof(float)))
    return fileError(path, llvm::formatv("shape {0} does not hold the {1} elements given",
                                         formatShape(shape), data.size()));
  std::string header = makeHeader(shape);
  if (header.size() > UINT16_MAX)
    return fileError(path, "too many dimensions for a version 1.0 header");

  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + "-%%%%%%.tmp");
  if (!temp)
    return fileError(path, llvm::toString(temp.takeError()));
  {
    llvm::raw_fd_ostream out(temp->FD, /*shouldClose=*/false);
    out << kMagic << '\x01' << '\x00';
    llvm::support::endian::write<uint16_t>(out, header.size(), llvm::endianness::little);
    out << header;
    llvm::support::endian::write(out, data, llvm::endianness::little);
    out.flush();
    if (std::error_code error = out.error()) {
      // A stream destroyed with an error pending aborts.
      out.clear_error();
      return llvm::joinErrors(fileError(path, error.message()), temp->discard());
    }
  }
  if (llvm::Error error = temp->keep(path))
    return fileError(path, llvm::toString(std::move(error)));
  return llvm::Error::success();
}
