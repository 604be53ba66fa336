# netc_add_model(<target> FILE <file.net> MODEL <name> [NAMESPACE <ns>] [OPTIONS <netc options>...])
#
# Compiles a .net model with netc at build time and makes <target> a static
# library holding its object code, with its generated header (<name>.h) on the
# include path and the netc runtime linked in:
#
#   netc_add_model(resnet50_model FILE ${NETC_STDLIB_DIR}/resnet.net MODEL resnet50)
#   target_link_libraries(my_app PRIVATE resnet50_model)   # #include "resnet50.h"
function(netc_add_model target)
  cmake_parse_arguments(ARG "" "FILE;MODEL;NAMESPACE" "OPTIONS" ${ARGN})
  if(NOT ARG_FILE OR NOT ARG_MODEL)
    message(FATAL_ERROR "netc_add_model(${target}) needs FILE and MODEL")
  endif()
  if(NOT ARG_NAMESPACE)
    set(ARG_NAMESPACE netc_models)
  endif()
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/${target})
  set(object ${dir}/${ARG_MODEL}.o)
  add_custom_command(
    OUTPUT ${object} ${dir}/${ARG_MODEL}.h
    COMMAND netc compile ${ARG_FILE} --model ${ARG_MODEL} --namespace ${ARG_NAMESPACE}
            ${ARG_OPTIONS} -o ${dir}
    DEPENDS netc ${ARG_FILE}
    COMMENT "Compiling model ${ARG_MODEL} with netc"
    VERBATIM)
  set_source_files_properties(${object} PROPERTIES EXTERNAL_OBJECT TRUE GENERATED TRUE)
  add_library(${target} STATIC ${object} ${dir}/${ARG_MODEL}.h)
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE CXX)
  target_include_directories(${target} PUBLIC ${dir})
  target_link_libraries(${target} PUBLIC netc_runtime)
endfunction()
